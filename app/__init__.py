"""Điểm Cầu: hybrid seminars with live attendance across connection points."""
