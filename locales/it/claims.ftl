# Rivendicazioni di organizzazioni (R31): registrazione, conferma dell'indirizzo,
# organizzazioni non verificate e coda delle rivendicazioni nella console.

signup-sent-title = Controlla la posta
signup-sent = Abbiamo inviato un messaggio all'indirizzo indicato. Segui il suo link per confermare l'indirizzo, poi accedi. Non è arrivato nulla dopo qualche minuto? Controlla la cartella spam, o registrati di nuovo.

confirm-title = Conferma il tuo indirizzo
confirm-intro = Conferma che { $email } è il tuo indirizzo. Potrai poi accedere.
confirm-submit = Confermo il mio indirizzo
confirm-done-title = Indirizzo confermato
confirm-done = Grazie. Ora puoi accedere.
confirm-gone-title = Questo link non funziona più
confirm-gone = Il link è scaduto o è già stato usato. Se hai già confermato l'indirizzo, accedi; altrimenti, accedendo ricevi un nuovo link.

home-pending-verification = in attesa della verifica del programma

login-unconfirmed = Conferma prima il tuo indirizzo: ti abbiamo appena inviato un nuovo link.

unverified-banner = Il programma non ha ancora verificato che questa organizzazione (ID MPN { $mpn }) sia tua. Fino ad allora fatture, punti KPI e ricavi restano nascosti e non puoi iscriverti né pagare. Puoi già inserire i tuoi formatori e gli esami.
unverified-title = Non ancora disponibile
unverified-page = Il programma non ha ancora verificato che questa organizzazione sia tua. Fatture, punti KPI e ricavi compaiono, e iscrizione e pagamento diventano possibili, appena l'avrà fatto. Te lo comunichiamo per e-mail.
unverified-no-membership = Nessuna iscrizione.
unverified-meanwhile-title = Mentre il programma verifica la tua organizzazione
unverified-meanwhile = Inserisci i tuoi Microsoft Certified Trainer e gli esami superati dalle tue persone: contano appena l'organizzazione è verificata.

mail-confirm-subject = Conferma il tuo indirizzo per Learning Partner Center
mail-confirm-intro = Tu (o qualcuno che usa { $email }) hai registrato l'ID MPN { $mpn } su Learning Partner Center.
mail-confirm-link = Conferma l'indirizzo qui. Il link funziona una sola volta, per 7 giorni:
mail-confirm-next = Potrai poi accedere. Il programma verifica che l'ID MPN { $mpn } sia tuo prima di mostrare fatture e punti KPI dell'organizzazione; te lo comunichiamo per e-mail.
mail-reset-ignore-signup = Se non sei stato tu, ignora questa e-mail: senza il link non succede nulla.
mail-signup-exists-subject = Il tuo account Learning Partner Center
mail-signup-exists-intro = Qualcuno (speriamo tu) ha provato a registrarsi con { $email }, che ha già un account.
mail-signup-exists-login = Accedi qui:
mail-signup-exists-forgot = Hai dimenticato la password? Scegline una nuova qui:
mail-signup-taken-subject = L'ID MPN { $mpn } è già registrato
mail-signup-taken-intro = Qualcuno (speriamo tu) ha provato a registrare l'ID MPN { $mpn } con { $email }. Quell'organizzazione è già registrata nel programma.
mail-signup-taken-next = Chiedi a uno dei suoi amministratori di invitarti. Se l'organizzazione è tua e nessuno può invitarti, contatta il supporto del programma.
mail-program-invite-subject = Il tuo invito a Learning Partner Center: { $partner }
mail-program-invite-intro = Il programma Learning Partner ti invita, come contatto registrato di { $partner } (ID MPN { $mpn }), a gestire l'organizzazione in Learning Partner Center come suo amministratore partner MPN.

ovw-claims-waiting = { $count ->
    [one] Una rivendicazione di organizzazione attende una decisione.
   *[other] { $count } rivendicazioni di organizzazioni attendono una decisione.
}
ops-nav-claims = Rivendicazioni
ops-claims-title = Rivendicazioni di organizzazioni
ops-claims-intro = Organizzazioni per cui qualcuno si è registrato, in attesa che il programma verifichi che siano sue (R31). Fino ad allora non vedono fatture, punti KPI né ricavi e non possono iscriversi né pagare.
ops-claims-pending-heading = In attesa di una decisione
ops-claims-none = Nessuna rivendicazione in attesa.
ops-claims-country = Paese
ops-claims-claimed = Rivendicata il
ops-claims-claimants = Rivendicata da
ops-claims-confirmed = indirizzo confermato
ops-claims-unconfirmed = indirizzo non confermato
ops-claims-invoices-label = Fatture registrate per questo ID MPN
ops-claims-invoices = { $lines } righe, da { $from } a { $to }
ops-claims-no-invoices = Nessuna
ops-claims-verify = Approva la rivendicazione
ops-claims-verify-help = L'organizzazione è verificata; i suoi utenti vedono i KPI e possono iscriversi. Chi l'ha rivendicata riceve un'e-mail.
ops-claims-reason = Motivo del rifiuto
ops-claims-reason-help = Inviato per e-mail a chi ha rivendicato e conservato nel registro di audit.
ops-claims-reject = Rifiuta la rivendicazione
ops-claims-reason-required = Indica perché la rivendicazione è rifiutata: chi l'ha fatta ne viene informato.
ops-claims-reason-too-long = Il motivo supera i 1.000 caratteri.
ops-claims-decided-already = La rivendicazione di { $mpn } è già stata decisa (un'altra scheda o un altro operatore).
ops-claims-verified-notice = La rivendicazione di { $mpn } è approvata; chi l'ha fatta è stato informato.
ops-claims-rejected-notice = La rivendicazione di { $mpn } è rifiutata; i ruoli sono rimossi e chi l'ha fatta è stato informato.
ops-claims-invited-notice = L'invito a { $email } è in viaggio.
ops-claims-invite-heading = Invita il contatto di un'organizzazione
ops-claims-invite-intro = Invia al contatto registrato dell'organizzazione un link per diventarne amministratore partner MPN (R31). Indica un indirizzo per registrarlo prima come contatto.
ops-claims-invite-mpn = ID MPN
ops-claims-invite-email = E-mail del contatto (facoltativa)
ops-claims-invite-email-help = Vuota: il contatto registrato.
ops-claims-invite-submit = Invia l'invito
ops-claims-unknown-partner = L'ID MPN { $mpn } non è registrato.
ops-claims-invite-pending = Una rivendicazione di { $mpn } è in attesa di decisione: approvala o rifiutala prima.
ops-claims-invite-no-contact = { $mpn } non ha un contatto registrato: indica un indirizzo.
ops-claims-invite-has-account = Quell'indirizzo ha già un account: un amministratore di { $mpn } lo invita dalla pagina degli utenti dell'organizzazione.

# Il menu dell'organizzazione su ogni pagina del partner (issue 16).
partner-nav-label = La tua organizzazione
partner-nav-overview = Panoramica
partner-nav-settings = Impostazioni
