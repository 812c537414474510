"""Widgets of the app, each in its own module."""
