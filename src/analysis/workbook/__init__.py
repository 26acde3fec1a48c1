"""The workbook's data: the vocabulary, strict CSV reading, quotes, validation, loading and appending rows."""
