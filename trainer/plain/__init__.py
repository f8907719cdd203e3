"""Plain mode: the course for a screen reader or a script, one line after another.

`trainer --plain` runs `menu.run_plain` instead of the full-screen app: menus are numbered lines,
lessons are plain paragraphs, questions are text with numbered choices, and answers are typed then
enter. It uses the same `Session` and store as the app, so progress made here shows there and the
other way round. The end of the input ends the session at any prompt, with every answer given kept.

Nothing here imports Textual or Rich: this mode must work where full-screen drawing cannot.
"""
