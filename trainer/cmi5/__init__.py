"""cmi5, the xAPI profile by which an LMS (Moodle with its cmi5 plugin…) launches a course, says who
the learner is and takes the results: the course structure an LMS imports (`structure`), the launch
(`launch`), the statements cmi5 defines and the context they share (`statements`), and the relay
that sends a served session's statements to the LMS (`relay`)."""
