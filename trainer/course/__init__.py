"""The course pack, pure: its model (`model`, `questions`), reading it from files (`loader`,
`packfiles`, `yamlmarks`, `fields`), checking it (`validate`, `diagnostics`, `schema`), and Moodle's
GIFT format (`gift`). Nothing here imports Textual, sqlite3 or the rest of the trainer."""
