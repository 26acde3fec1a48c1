"""The workbook's data: paths to its files, the vocabulary, strict CSV reading, quotes, validation, loading, appending."""
