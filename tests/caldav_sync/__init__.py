"""Tests of the CalDAV sync and of busy time from CalDAV, against a real Radicale server."""
