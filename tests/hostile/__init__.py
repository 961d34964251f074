"""The hostile-input suite: what a stranger's pull request or a hostile server can send."""
