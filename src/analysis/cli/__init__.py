"""The command line, `python -m analysis COMMAND`: the workbook's commands and the curator's commands."""
