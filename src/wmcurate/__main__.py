"""`python -m wmcurate` works like the `wmcurate` command."""

from wmcurate.cli import main

if __name__ == "__main__":
    main()
