"""What the report notebooks show: summary tables, figures, and HTML display helpers."""
