# Gli annunci del programma (R32): la console, il riepilogo del partner, il feed Atom e
# l'annuncio che il what-if di un set di regole prepara (R14).

ops-nav-announcements = Annunci
ann-title = Annunci
ann-intro = Ciò che il programma comunica ai partner: visibile nel riepilogo di ogni partner dal primo all'ultimo giorno (nella lingua di chi legge, altrimenti in inglese), inviato per e-mail una sola volta a ogni amministratore del partner il primo giorno e pubblicato nel feed Atom pubblico.
ann-new-title = Nuovo annuncio
ann-edit-title = Modifica di un annuncio
ann-publish = Pubblica
ann-save = Salva le modifiche
ann-back = Tutti gli annunci
ann-form-intro = L'inglese è obbligatorio; chi legge in giapponese o in italiano vede la propria versione se esiste, altrimenti quella inglese, segnalata come tale. Un annuncio si può modificare fino al suo primo giorno.
ann-feed-link = Feed Atom pubblico
ann-list-heading = Annunci, dal più recente
ann-none = Ancora nessun annuncio.
ann-col-title = Titolo (inglese)
ann-col-languages = Lingue
ann-col-starts = Primo giorno
ann-col-ends = Ultimo giorno
ann-col-status = Stato
ann-col-mailed = Inviato
ann-col-actions = Azioni
ann-no-end = Fino al ritiro
ann-status-scheduled = Programmato
ann-status-active = Visibile
ann-status-ended = Concluso
ann-status-withdrawn = Ritirato
ann-mailed-on-start = Il primo giorno
ann-edit = Modifica
ann-withdraw = Ritira
ann-published-notice = Annuncio { $id } pubblicato. { $mailed ->
    [0] Nessuna e-mail in coda per ora: gli amministratori dei partner la ricevono una volta, il primo giorno.
    [one] Un amministratore del partner riceve l'e-mail.
   *[other] { $mailed } amministratori dei partner ricevono l'e-mail.
}
ann-saved-notice = Annuncio { $id } salvato.
ann-withdrawn-notice = Annuncio { $id } ritirato: termina oggi e i partner non lo vedono più.
ann-withdraw-refused = L'annuncio { $id } è già stato ritirato o è concluso: non c'è nulla da ritirare (R32).
ann-edit-refused = L'annuncio { $id } è iniziato o è stato ritirato: ciò che i partner potrebbero aver letto non si modifica. Ritiralo e pubblicane un altro (R32).
ann-prefilled-notice = Compilato in inglese dal what-if della bozza di set di regole { $draft } (R14): controlla il testo e aggiungi, se vuoi, le versioni giapponese e italiana.
ann-version-en = Inglese
ann-version-ja = Giapponese
ann-version-it = Italiano
ann-optional = facoltativo
ann-label-title = Titolo
ann-label-text = Testo
ann-text-help = Testo semplice: una riga vuota inizia un nuovo paragrafo; gli indirizzi http:// e https:// diventano link. Un titolo ha al massimo 200 caratteri, un testo al massimo 10.000.
ann-field-starts-on = Primo giorno di visibilità
ann-starts-help = Oggi, a meno che tu non scelga un giorno successivo. Gli amministratori dei partner ricevono l'e-mail quel giorno.
ann-field-ends-on = Ultimo giorno di visibilità (facoltativo)
ann-ends-help = Vuoto: visibile finché non lo ritiri.
ann-field-title = Titolo ({ $language })
ann-field-text = Testo ({ $language })
ann-error-required-en = { $field }: obbligatorio, ogni annuncio ha una versione inglese (R32).
ann-error-required-pair = { $field }: obbligatorio, una versione in un'altra lingua ha sia il titolo sia il testo (R32).
ann-error-too-long = { $field }: { $chars } caratteri, al massimo { $max } (R32).
ann-error-starts-past = { $field }: precede oggi ({ $today }); un annuncio inizia oggi o più avanti (R32).
ann-error-ends-before-start = { $field }: precede il primo giorno ({ $start }); un annuncio termina il giorno in cui inizia o dopo (R32).
ann-error-language = Gli annunci si scrivono in inglese, giapponese o italiano (R32).
ann-error-date = { $field }: non è una data (AAAA-MM-GG).
ann-what-if-button = Prepara un annuncio
ann-what-if-help = Apre il modulo dell'annuncio con questo cambiamento dei requisiti KPI riassunto in inglese, a partire da oggi (R14).

ann-block-title = Annunci del programma
ann-block-since = Dal { $date }
ann-fallback = Mostrato in inglese: non esiste ancora una versione nella tua lingua.
ann-dismiss = Nascondi

ann-feed-title = Annunci del Learning Partner Program
ann-feed-subtitle = Ciò che il programma annuncia ai partner, come i requisiti KPI del prossimo anno (R14, R32).

ann-draft-title = I requisiti KPI cambiano il { $date }
ann-draft-intro = I requisiti KPI del Learning Partner Program cambiano ogni anno (R14). Dal { $date } le decisioni seguono il set di regole { $draft } al posto di { $before }.
ann-draft-tiers = I requisiti dal { $date }:
ann-draft-tier = - { $tier }: { $requirements }
ann-draft-mct = { $count ->
    [one] un Microsoft Certified Trainer attivo
   *[other] { $count } Microsoft Certified Trainer attivi
}
ann-draft-exams = { $count ->
    [one] un esame superato associato alla competenza negli ultimi 12 mesi
   *[other] { $count } esami superati associati alla competenza negli ultimi 12 mesi
}
ann-draft-points = { $points } punti KPI { $when }
ann-draft-when-both = all'iscrizione e a ogni rinnovo
ann-draft-when-enrollment = all'iscrizione
ann-draft-when-renewal = a ogni rinnovo
ann-draft-commitment = l'impegno verso le Performance Guidelines
ann-draft-fee = una quota di { $fee }
ann-draft-was = { $value } (fino ad allora: { $before })
ann-draft-new = { $value } (nuovo)
ann-draft-dropped = non più { $before }
ann-draft-counts = Con i dati di oggi, valutati al { $date }, su { $partners } partner:
ann-draft-count = - { $tier }: { $gaining } diventerebbero idonei e { $losing } non lo sarebbero più.
ann-draft-outro = Il dashboard KPI e la previsione di rinnovo mostrano la situazione della tua organizzazione.
