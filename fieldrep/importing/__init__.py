"""Account import from CSV and XLSX files."""
