"""What the dashboard and the HTML quality report share to show figures to Dutch readers.

- :mod:`.formats`: numbers, amounts, percentages and dates in Dutch (Babel, ``nl_NL``);
- :mod:`.labels`: the one Dutch vocabulary for statuses, severities and rejected input;
- :mod:`.names`: gemeente names (CBS list), aanbieder names (where the traffic knows them), taakveld names;
- :mod:`.charts`: server-side SVG charts drawn by pygal (no JavaScript, no external request).
"""
