"""Unit-hall pages of enrollment, split by subject: ``members`` (参保人员 list and detail), ``joins``
(职工新参保登记, 增员), ``movements`` (减员, 续保), ``drafts`` (what the multi-line pages share)."""
