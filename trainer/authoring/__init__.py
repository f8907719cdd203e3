"""Writing course packs: files to start from (`scaffold`), and quizzes to and from Moodle's GIFT
format as files (`gift`; the format itself is `trainer.course.gift`)."""
