"""Every write to the tracker's data lives in one of these modules."""
