"""Handouts: a one-page A4 « fiche réflexe » per module, for a trainer to hand out or pin up.

`content` gathers what a module's page says (its lessons' « À retenir », the emergency numbers
and services its lessons name, its sources) from the course alone; `pdf` lays it out with fpdf2
in the certificate's fonts, always on one page.
"""
