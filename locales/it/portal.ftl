# Il portale dei partner (crates/web/src/ui). I termi seguono l'articolo Learning Partner (../shared/seeds/).

app-name = Learning Partner Center
skip-to-content = Vai al contenuto
nav-main = Principale
nav-home = Home
nav-console = Console
nav-sign-in = Accedi
nav-sign-up = Registrati
nav-sign-out = Esci
nav-signed-in-as = Accesso eseguito come { $email }
lang-label = Lingua
lang-submit = Cambia
footer-text = Learning Partner Center · programma Learning Partner per le società di formazione
back-home = Torna alla home

home-title = Learning Partner Center
home-lead = Iscrivi la tua società di formazione al programma Learning Partner con il Learning Action Pack o con l'opzione di apprendimento Silver o Gold di una competenza, e segui gli indicatori KPI delle fatture del Courseware Marketplace.
home-sign-in = Accedi
home-sign-up = Registra la tua organizzazione
home-your-partners = Le tue organizzazioni
home-no-partners = Non appartieni ancora ad alcuna organizzazione partner.

role-mpn_partner_admin = Amministratore partner MPN
role-account_admin = Amministratore account
role-member = Membro
role-operator = Operatore
role-support_agent = Agente di supporto

field-mpn-id = ID MPN
field-mpn-id-help = Le cifre del tuo ID Microsoft Partner Network.
field-partner-name = Nome dell'organizzazione
field-country = Paese
field-country-help = Codice di due lettere: JP, IT, US…
field-email = E-mail
field-password = Password
field-password-help = Almeno { $min } caratteri.
field-role = Ruolo

signup-title = Registra la tua organizzazione
signup-intro = Registra la tua società di formazione con il suo ID MPN. Ti inviamo un link per confermare l'indirizzo; poi il programma verifica che l'organizzazione sia tua prima di mostrarne fatture e punti KPI.
signup-submit = Crea l'account
signup-have-account = Già registrato? Accedi.

login-title = Accedi
login-submit = Accedi
login-forgot = Password dimenticata?
login-no-account = Non hai un account? Registra la tua organizzazione.
login-expired = La sessione è scaduta. Accedi di nuovo per riprendere da dove eri.

forgot-title = Reimposta la password
forgot-intro = Inserisci l'e-mail del tuo account: ti inviamo un link per scegliere una nuova password.
forgot-submit = Invia il link
forgot-sent-title = Controlla la posta
forgot-sent = Se un account usa questo indirizzo, il link per reimpostarne la password è in arrivo. Funziona una sola volta, per un'ora.

reset-title = Scegli una nuova password
reset-intro = Account: { $email }
reset-submit = Salva la password
reset-done-title = Password salvata
reset-done = La password è salvata. Accedi con la nuova password.
reset-done-tokens = { $count ->
    [one] Il tuo token API è stato revocato insieme alla vecchia password: il programma che lo usava ne richiede uno nuovo (Impostazioni › Token API).
   *[other] I tuoi { $count } token API sono stati revocati insieme alla vecchia password: i programmi che li usavano ne richiedono di nuovi (Impostazioni › Token API).
}

invite-title = Invita un utente
invite-intro = La persona riceve un'e-mail con un link per scegliere la password, valido 7 giorni.
invite-submit = Invia l'invito
invite-sent-title = Invito inviato
invite-sent = { $email } è stato invitato. L'e-mail è nella posta in uscita.

mail-reset-subject = Reimposta la password di Learning Partner Center
mail-reset-intro = È stato chiesto di reimpostare la password di { $email }.
mail-reset-link = Scegli una nuova password qui. Il link funziona una sola volta, per un'ora:
mail-reset-ignore = Se non sei stato tu, ignora questa e-mail: la password resta invariata.
mail-invite-subject = Unisciti a { $partner } su Learning Partner Center
mail-invite-intro = { $inviter } ti invita a unirti a { $partner } (ID MPN { $mpn }) come { $role }.
mail-invite-link = Scegli la password qui. Il link funziona una sola volta, per 7 giorni:

overview-title = { $name }: panoramica
overview-mpn = ID MPN
overview-country = Paese
overview-invite = Invita un utente
memberships-title = Iscrizioni
memberships-none = Nessuna iscrizione. Iscriviti con il Learning Action Pack o con l'opzione di apprendimento Silver o Gold di una competenza.
col-option = Opzione
col-competency = Competenza
col-status = Stato
col-anniversary = Data di anniversario
col-renewal-window = Periodo di rinnovo
renewal-open = rinnovo aperto
option-action_pack = Learning Action Pack
option-silver = Opzione di apprendimento Silver
option-gold = Opzione di apprendimento Gold
status-active = Attiva
status-lapsed = Scaduta
status-upgraded = Aggiornata
status-refunded = Rimborsata

error-not-found-title = Pagina non trovata
error-not-found = Qui non c'è nulla, oppure non hai accesso.
error-csrf-title = Il modulo è scaduto
error-csrf = Per sicurezza il modulo non è stato accettato: è troppo vecchio o proviene da un altro sito. Torna indietro, ricarica la pagina e invialo di nuovo.
error-internal-title = Si è verificato un problema
error-internal = Il server non ha potuto rispondere. Riprova tra poco.
error-forbidden-title = Non consentito
error-admin-only = Solo l'amministratore partner MPN o l'amministratore account dell'organizzazione può farlo.
error-rate-limited-title = Troppi tentativi
error-rate-limited = Troppi tentativi di accesso. Attendi 15 minuti e riprova.
error-login = L'e-mail o la password non è corretta.
error-reset-link-title = Questo link non funziona più
error-reset-link = Il link è scaduto o è già stato usato. Chiedine uno nuovo.
error-mpn-id = Inserisci l'ID MPN: solo cifre.
error-mpn-taken = Questo ID MPN è già registrato.
error-partner-name = Inserisci il nome dell'organizzazione.
error-country = Inserisci un codice paese di due lettere, ad esempio JP, IT o US.
error-email = Inserisci un indirizzo e-mail valido.
error-email-taken = Esiste già un account con questo indirizzo e-mail.
error-password-short = Usa almeno { $min } caratteri.
error-role = Scegli uno dei ruoli.
