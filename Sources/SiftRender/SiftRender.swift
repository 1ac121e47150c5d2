// SiftRender: tables, JSON Lines and CSV on a buffered stdout that stops quietly on a broken pipe.
