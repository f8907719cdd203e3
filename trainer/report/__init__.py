"""The trainer's report on many learners: where its rows come from (`sources`), the figures over
them (`figures`), and the figures as a table or CSV (`rendering`, `spreadsheet`)."""
