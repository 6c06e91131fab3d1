# Nomi dei tipi OMLP (in inglese valgono i nomi del set di regole).
omlp-moc = Corso ufficiale Microsoft (MOC)
omlp-dmoc = Corso ufficiale Microsoft digitale
omlp-moc_on_demand = MOC On-Demand
omlp-custom_moc = MOC personalizzato
omlp-exam_voucher = Voucher d'esame
omlp-labs_online = Labs Online
omlp-mta_courseware = Materiale didattico MTA
