"""Accounts: learners and instructors, signing up, logging in and out."""
