"""The cross-message rules of iJw 3.2 (control level 3) and the project's own process checks.

Each rule is a small pure function named by its official code that takes the linked state it needs and
returns ``None`` when the message keeps the rule, or a sentence that says how it breaks it (never a BSN
or a name). :mod:`services.quality.linking.linker` calls them when a message is linked, against the state
*before* that message, as the receiving backoffice would on arrival.

- :mod:`.deliveries`: starts and stops (JW305, JW307): TR019, TR063, TR071, TR074, TR326, TR382, TR413,
  TR414, TR415.
- :mod:`.toewijzingen`: toewijzingen (JW301): TR332, TR379, TR385.
- :mod:`.declaraties`: declarations (JW323): TR304, TR307, TR308, TR314, TR318, TR321, TR322, TR323,
  TR333, TR338, TR339, TR340, TR341, TR367 (on the JW325), TR369, TR384, TR387, TR388, TR389, TR390,
  TR418 (with the gemeente's contract tariffs, :mod:`ijw.productcodes.tarieven`).
- :mod:`.antwoorden`: declaratie-antwoorden (JW325, sent by the gemeente): TR337, TR366, TR371, TR376.
- :mod:`.verzoeken`: verzoeken (JW315, JW317): TR347, TR349, TR350, TR351, TR357, TR361, TR373, TR374,
  TR375, TR411, TR412.
- :mod:`.verzoekantwoord`: the antwoordbericht on a verzoek (JW319, sent by the gemeente): TR355, TR359,
  TR360, TR365.
- :mod:`.process`: the official deadlines (bedrijfsregels) and the own check GEEN-START, judged on the
  state at a date: OP090, OP090x4, OP271, OP272, OP274, OP346, GEEN-START.
- :mod:`.catalog`: code → retourcode, severity and summary of every check this service reports.
"""
