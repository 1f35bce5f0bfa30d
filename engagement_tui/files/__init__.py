"""Where files live and how they are written: the default database and output folder
(`paths`), and all-or-nothing file writes for reports and exports (`atomic`)."""
