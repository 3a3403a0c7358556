"""Readers' inboxes: subscribers with double opt-in, and sending an issue to them from a queue."""
