"""Export the list for reference managers and papers: BibTeX, CSL-JSON, CSV and RIS.

Each format is a module of pure functions over loaded entries and the config;
`citation` holds what they share (a work's kind, venue, year, keys).
"""
