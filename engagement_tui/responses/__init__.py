"""Online-survey returns: reading ODK Central, KoboToolbox and other CSV/XLSX exports.

`files` reads the rows, `columns` maps columns onto questions, `importer` checks every value
through the interview core and hands the whole batch to the store in one transaction.
"""
