"""Stage 5: turn results into what people read (JSON, text, and later HTML, Word, reports)."""
