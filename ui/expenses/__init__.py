"""The Expenses page: the expense list, the expense and mileage dialogs, the report."""
