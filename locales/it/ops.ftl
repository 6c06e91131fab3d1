# La console operativa e di supporto (/ops): messaggi comuni. Ogni sezione ha i suoi in
# ops-<section>.ftl.
ops-title = Console del programma
ops-nav-label = Sezioni della console
ops-nav-overview = Panoramica
ops-nav-partners = Partner
ops-nav-imports = Importazioni
ops-nav-publications = Pubblicazioni
ops-nav-rules = Set di regole
ops-nav-payments = Pagamenti
ops-nav-directory = Directory
ops-nav-cases = Casi di supporto
ops-home-support = La coda dei casi è dove i casi di supporto dei partner attendono una decisione.
ops-operators-only = Solo gli operatori del programma possono aprire questa pagina (R1).
ops-support-only = Solo gli agenti di supporto e gli operatori del programma possono aprire questa pagina (R1).
