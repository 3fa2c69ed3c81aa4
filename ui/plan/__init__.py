"""The Plan page: plan a day or a week, edit the order, save and export."""
