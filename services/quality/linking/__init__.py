"""The linker of the quality service: links the valid messages of each aanbieder into trajectories.

- :mod:`.events`: the linked view of one stored message;
- :mod:`.model`: the state of an aanbieder's trajectories;
- :mod:`.linker`: applies a message to that state and reports the cross-message rules it breaks;
- :mod:`.store`: keeps the state in the ``quality_*`` tables.
"""
