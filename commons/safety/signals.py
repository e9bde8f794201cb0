"""Screened content joins the safety queue."""
