"""Accounts: the account as plain values, its form rules, its services and its export."""
