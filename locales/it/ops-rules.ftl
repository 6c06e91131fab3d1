# Set di regole nella console (/ops/rules): anni del programma a confronto, bozze, what-if, attivazione (R14).
ops-rules-title = Set di regole
ops-rules-intro = Soglie, tariffe e punti KPI di ogni anno del programma. Un set di regole vale dalla sua data di efficacia (R14): carica una bozza, provala su tutti i partner, poi attivala.
ops-rules-years-heading = Anni del programma a confronto
ops-rules-years-help = Una colonna per set di regole, per data di efficacia. Un valore evidenziato è diverso da quello della colonna precedente.
ops-rules-setting = Impostazione
ops-rules-from = dal
ops-rules-changed = Cambiato rispetto al set precedente
ops-rules-drafts-heading = Set di regole caricati
ops-rules-drafts-none = Nessun set di regole è stato ancora caricato.
ops-rules-draft-name = Set di regole
ops-rules-draft-state = Stato
ops-rules-draft-uploaded = Caricato
ops-rules-draft-effective = In vigore dal
ops-rules-state-draft = Bozza
ops-rules-state-active = Attivo
ops-rules-state-discarded = Scartato
ops-rules-uploaded = Caricato il { $date } da { $who }
ops-rules-upload-heading = Carica una bozza
ops-rules-upload-help = Un file di set di regole nel formato di docs/rules.md. Viene controllato esattamente come fa `lpc rules check`; una bozza non decide nulla finché non è attivata.
ops-rules-upload-file = File del set di regole (.toml)
ops-rules-upload-file-help = Scegliendo un file, il suo testo viene copiato nel riquadro sotto; puoi anche incollare il testo.
ops-rules-upload-text = Testo del set di regole (TOML)
ops-rules-upload-submit = Controlla e salva la bozza
ops-rules-upload-refused = Il set di regole non è stato salvato. Errori trovati: { $count }.
ops-rules-upload-empty = Scegli un file di set di regole o incollane il testo.
ops-rules-upload-too-large = Un file di set di regole è al massimo di 256 KiB.
ops-rules-upload-ok = La bozza ha superato tutti i controlli ed è salvata. Esegui un what-if per vedere chi cambia.
ops-rules-error-place = riga { $line }, colonna { $column }
ops-rules-error-line = riga { $line }
ops-rules-error-nowhere = intero file
ops-rules-compare-heading = La bozza accanto al set di regole in vigore
ops-rules-compare-help = Il set di regole in vigore alla data della bozza, poi la bozza. I valori evidenziati sono quelli che la bozza cambia.
ops-rules-what-if-title = Simulazione
ops-rules-what-if-help = Ogni partner valutato a una data con la bozza e con il set di regole allora in vigore: chi otterrebbe o perderebbe quale opzione, e quali requisiti fanno la differenza.
ops-rules-what-if-on = Valuta al
ops-rules-what-if-run = Esegui il what-if
ops-rules-what-if-heading = Bozza { $draft } rispetto a { $before }, al { $date }: { $partners } partner valutati.
ops-rules-what-if-csv = Scarica in CSV
ops-rules-what-if-tiers = Partner che ottengono e perdono ogni livello
ops-rules-what-if-per-option = Per opzione e competenza
ops-rules-what-if-option = Opzione
ops-rules-what-if-gaining = Partner che la ottengono
ops-rules-what-if-losing = Partner che la perdono
ops-rules-what-if-changes = Chi ottiene o perde cosa, e perché
ops-rules-what-if-none = Con questa bozza nessun partner ottiene o perde alcuna opzione.
ops-rules-what-if-partner = Partner
ops-rules-what-if-change = Cambiamento
ops-rules-what-if-why = Perché
ops-rules-what-if-gains = Ottiene
ops-rules-what-if-loses = Perde
ops-rules-what-if-more = Sono mostrati i primi { $shown } di { $total } cambiamenti; il CSV li contiene tutti.
ops-rules-why-amount = Ne ha { $actual }; le regole in vigore { $before_required -> 
    [yes] ne richiedono { $before }
   *[no] non lo richiedono
} e la bozza { $after_required -> 
    [yes] ne richiede { $after }.
   *[no] no.
}
ops-rules-why-flag = { $actual -> 
    [yes] Lo soddisfa
   *[no] Non lo soddisfa
}; le regole in vigore { $before -> 
    [yes] lo richiedono
   *[no] non lo richiedono
} e la bozza { $after -> 
    [yes] sì.
   *[no] no.
}
ops-rules-back-to-draft = Torna alla bozza
ops-rules-yes = sì
ops-rules-no = no
ops-rules-req-mct_count = MCT attivi
ops-rules-req-exam_passes = Esami superati
ops-rules-req-kpi_points = Punti KPI
ops-rules-req-performance_commitment = Impegno sulle prestazioni
ops-rules-req-action_pack_subscription = Abbonamento Action Pack
ops-rules-req-fee_paid = Tariffa pagata
ops-rules-activate-heading = Attiva
ops-rules-activate-help = Dalla data di efficacia, ogni decisione relativa a quella data usa questo set di regole (R14). La data deve essere oggi o successiva, e nessun altro set di regole può entrare in vigore lo stesso giorno.
ops-rules-activate-date = In vigore dal
ops-rules-activate-submit = Attiva il set di regole
ops-rules-activate-not-a-date = Inserisci la data di efficacia come data (AAAA-MM-GG).
ops-rules-activate-past = { $date } è nel passato (oggi è { $today }): secondo R14 un set di regole entra in vigore oggi o dopo, così le decisioni già prese mantengono le loro regole. Nulla è stato attivato.
ops-rules-activate-refused = Non attivato: { $detail }
ops-rules-activated = Il set di regole è attivo: è in vigore dal { $date } (R14).
ops-rules-discard = Scarta la bozza
ops-rules-discarded = La bozza #{ $id } è stata scartata.
ops-rules-differences = Impostazioni diverse
ops-rules-all-settings = Tutte le impostazioni
# The rule files' settings, named for people (the key stays beside them).
ops-rules-setting-name = Nome
ops-rules-setting-effective_from = In vigore dal
ops-rules-setting-guidelines_version = Versione delle linee guida sulle prestazioni
ops-rules-setting-silver_to_gold_discount_percent = Sconto per il passaggio da Silver a Gold (%)
ops-rules-setting-invoice_future_days = Giorni di data futura ammessi per una fattura
ops-rules-setting-tiers = Opzioni di formazione
ops-rules-setting-exams = Esami
ops-rules-setting-title = Titolo
ops-rules-setting-competencies = Competenze
ops-rules-setting-mct_count = MCT attivi
ops-rules-setting-exam_passes = Esami superati
ops-rules-setting-kpi_points = Punti KPI
ops-rules-setting-kpi_at_enrollment = Punti KPI richiesti all'iscrizione
ops-rules-setting-kpi_at_renewal = Punti KPI richiesti al rinnovo
ops-rules-setting-performance_commitment = Impegno sulle prestazioni
ops-rules-setting-fee = Tariffa
ops-rules-setting-points_per_unit = Punti per unità d'acquisto
ops-rules-setting-cap = Limite
ops-rules-setting-description = Descrizione
ops-rules-setting-omlp_types = Tipi OMLP
ops-rules-setting-points = Punti
ops-rules-setting-from = Dal
ops-rules-setting-to = Al
ops-rules-setting-waives = Esenta da
ops-rules-setting-fee_due = Tariffa dovuta
ops-rules-setting-excluded_competencies = Competenze escluse
ops-rules-group-exams = Esame
ops-rules-group-caps = Limite
ops-rules-group-waivers = Deroga
