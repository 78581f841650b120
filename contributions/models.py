"""Money: rate tables, bases, assessments, payments (built by the contributions issue)."""
