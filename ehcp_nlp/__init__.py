"""ehcp_nlp: a first-pass quality-assurance reader for Education, Health and Care Plans.

Stages (each usable alone): ``extract`` (file -> Document), ``sections``
(Document -> Plan with sections A-K). Nothing heavy is imported here, so the
command line starts quickly.
"""

__version__ = "0.1.0"
