# L'elenco degli utenti dell'organizzazione partner (users_page): ruoli e inviti in sospeso (R1).
users-title = Utenti
users-intro = Tutte le persone che hanno un ruolo nella tua organizzazione. Chi è stato invitato resta in attesa finché non sceglie la propria password.
users-caption = Utenti di { $partner }
users-col-email = E-mail
users-col-role = Ruolo
users-col-added = Aggiunto il
users-col-status = Stato
users-pending = Invito in attesa
users-active = Attivo
users-none = Nessun utente ha ancora un ruolo in questa organizzazione.
users-invite = Invita un utente
users-back-overview = ← Torna alla panoramica
users-overview-link = Utenti
