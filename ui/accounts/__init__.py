"""The Accounts page: the table, the map, the detail panel and the account dialog."""
