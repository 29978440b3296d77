"""Veiledning: supervisors, logging supervision hours, targets and flags, statements."""
