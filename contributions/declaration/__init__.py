"""缴费基数申报 (年度缴费工资申报): a many-line kind of the unit hall, one line per person (new wage + effective
month). ``rules`` checks and prices the lines in bulk, ``entry`` is the draft page's wage list, ``lines`` the
declaration for the kernel, ``imports`` the batch Excel declaration, ``apply`` writes the ``WageBase`` rows."""
