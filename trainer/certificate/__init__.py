"""The course certificate: the award a learner earned (`award`), drawn as a PDF (`pdf`), written
to a file (`files`), and signed by an organisation (`signing`)."""
