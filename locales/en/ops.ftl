# The operator and support console (/ops): shared messages. Each section keeps its own
# messages in ops-<section>.ftl.
ops-title = Program console
ops-nav-label = Console sections
ops-nav-overview = Overview
ops-nav-partners = Partners
ops-nav-imports = Imports
ops-nav-publications = Publications
ops-nav-rules = Rule sets
ops-nav-payments = Payments
ops-nav-directory = Directory
ops-nav-cases = Support cases
ops-home-support = The case queue is where partners' support cases wait for a decision.
ops-operators-only = Only program operators may open this page (R1).
ops-support-only = Only support agents and program operators may open this page (R1).
