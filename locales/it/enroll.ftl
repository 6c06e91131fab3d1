# Iscrizione (crates/web/src/ui/enroll_page.rs): opzioni, acquisto, esito, prova di pagamento,
# i passaggi di attivazione del Learning Action Pack (R5) e il livello successivo nella panoramica.

breadcrumb = Percorso
back-overview = ← Panoramica
back-options = ← Opzioni di iscrizione
overview-enroll = Opzioni di iscrizione
next-tier-title = Livello successivo
next-tier-none = Hai il livello più alto di ogni competenza a cui sei iscritto.

enroll-title = Iscriviti al programma Learning Partner
enroll-intro = Scegli il Learning Action Pack oppure l'opzione di apprendimento Silver o Gold di una competenza. Ogni requisito viene valutato ora, su trainer, esami superati e ultimo report KPI; non è richiesto alcun business plan.
enroll-read-only = Puoi leggere questa pagina, ma solo l'amministratore partner MPN o un amministratore account dell'organizzazione può iscriversi o pagare.
enroll-recommended = Consigliata per te: { $option }
enroll-recommended-none = Nessuna opzione è ancora soddisfatta: aggiungi un Microsoft Certified Trainer (MCT) attivo per il Learning Action Pack.
enroll-recommended-held = Hai già { $option }, l'opzione più alta di cui soddisfi i requisiti.
enroll-rule-set = Set di regole { $name }, in vigore dal { $date }.
enroll-competencies = Opzioni di apprendimento Silver e Gold per competenza
enroll-competencies-help = Apri una competenza per vederne i requisiti Silver e Gold.
enroll-choose = Iscriviti
enroll-details = Vedi i dettagli
badge-recommended = Consigliata
badge-held = Attiva
badge-eligible = Requisiti soddisfatti
badge-not-eligible = Requisiti non ancora soddisfatti
badge-upgrade = prezzo di aggiornamento da Silver a Gold

req-why = Perché?
req-why-rule = Deciso dalla regola { $rule } del programma.
req-met = Soddisfatto
req-unmet = Non soddisfatto
req-rule-title = Il requisito e la regola del programma che lo decide
req-mct-short = { $actual ->
        [one] 1 MCT attivo
       *[other] { $actual } MCT attivi
    }, { $required ->
        [one] 1 richiesto
       *[other] { $required } richiesti
    }
req-mct-detail = Microsoft Certified Trainer affiliati oggi alla tua organizzazione.
req-exams-short = { $actual ->
        [one] 1 esame superato
       *[other] { $actual } esami superati
    }, { $required ->
        [one] 1 richiesto
       *[other] { $required } richiesti
    }
req-exams-detail = Esami associati a { $competency } ({ $exams }) superati negli ultimi 12 mesi.
req-kpi-short = { $actual } punti KPI, { $required } richiesti
req-kpi-report = Dal report KPI pubblicato il { $date }.
req-kpi-no-report = Nessun report KPI è stato ancora pubblicato.
req-commitment-met = Linee guida sulle prestazioni accettate
req-commitment-unmet = Linee guida sulle prestazioni non ancora accettate
req-commitment-detail = I requisiti di prestazioni delle linee guida sulle prestazioni del programma di apprendimento, versione { $version }.
req-subscription = Abbonamento all'Action Pack acquistato
req-fee-paid = Tariffa della competenza pagata
req-waived = Esentato dalla policy { $waiver }.

price-fee = Tariffa
price-discount = Sconto per l'aggiornamento da Silver a Gold ({ $percent }%)
price-due = Importo dovuto
price-upgrade-note = Hai l'opzione di apprendimento Silver di questa competenza: Gold costa il prezzo di aggiornamento. L'iscrizione Silver termina quando inizia Gold e, usando lo sconto, si rinuncia al rimborso della tariffa Silver. La data di anniversario Gold è un anno dopo l'acquisto.

checkout-title = Iscrizione: { $option }
checkout-requirements = Requisiti
checkout-price = Prezzo
checkout-not-eligible = Non tutti i requisiti sono soddisfatti: questa opzione non può essere acquistata ora.
checkout-instead = Puoi iscriverti a:
checkout-guidelines = Linee guida sulle prestazioni del programma di apprendimento
checkout-accept = Accetto, per conto della mia organizzazione, i requisiti di prestazioni delle linee guida sulle prestazioni del programma di apprendimento, versione { $version }.
checkout-accept-required = Accetta le linee guida sulle prestazioni per iscriverti a un'opzione di apprendimento Silver o Gold.
checkout-payment = Pagamento
checkout-payment-required = Scegli come pagare.
payment-card = Carta
payment-card-help = Pagato subito: l'iscrizione inizia immediatamente.
payment-bank = Bonifico bancario
payment-bank-help = Carica la prova di pagamento; l'iscrizione inizia quando un operatore la conferma. Gli ordini non pagati scadono dopo 30 giorni.
checkout-submit = Iscriviti e paga
checkout-held = La tua organizzazione ha già questa opzione. Rinnovala a partire da 30 giorni prima della data di anniversario.
checkout-held-window = La tua organizzazione ha già questa opzione. L'anniversario è il { $anniversary }; si rinnova all'anniversario se i requisiti sono soddisfatti, e può essere rinnovata dal { $from } al { $to }.
checkout-conflict = La tua organizzazione ha già questa opzione o un ordine non pagato per essa.

result-refused-title = Iscrizione non riuscita: { $option }
result-refused-lead = Questi requisiti non sono ancora soddisfatti:
result-unmet = Requisiti non soddisfatti
result-active-title = Iscrizione completata: { $option }
result-active-lead = La tua iscrizione è attiva.
result-paid-card = Pagato con carta
result-upgraded = L'iscrizione Silver di questa competenza è terminata come aggiornata; la sua tariffa non è più rimborsabile.
result-pending-title = In attesa di pagamento: { $option }
result-pending-lead = Effettua un bonifico di { $amount } e carica la prova di pagamento. Se non viene pagato, l'ordine scade il { $date }.
order-title = Ordine { $id }: { $option }
order-number = Ordine
order-expires = Scade il
order-paid-on = Pagato il
order-status-pending_payment = In attesa di pagamento
order-status-paid = Pagato
order-status-expired = Scaduto
order-status-refunded = Rimborsato

proof-title = Prova di pagamento
proof-label = Prova del bonifico bancario
proof-help = Un file PDF, PNG o JPEG di massimo 5 MiB.
proof-submit = Carica la prova
proof-too-large = Il file supera 5 MiB. Carica un file PDF, PNG o JPEG più piccolo.
proof-missing = Scegli il file da caricare.
proof-wrong-type = La prova di pagamento deve essere un file PDF, PNG o JPEG.
proof-received = Prova ricevuta ({ $file }). Un operatore conferma il pagamento; l'iscrizione inizia allora.
proof-order-expired = Questo ordine è scaduto: effettua un nuovo ordine.
proof-order-not-pending = Questo ordine non accetta più una prova di pagamento.
proofs-sent-title = Prove di pagamento inviate
proof-sent-on = inviata il { $date }
proof-status-submitted = in attesa di un operatore
proof-status-accepted = accettata
proof-status-rejected = rifiutata
proof-reason = Motivo dell'operatore:

lap-steps-title = Attivazione del Learning Action Pack
lap-steps-intro = Il Learning Action Pack è attivo quando questi tre passaggi sono completati.
lap-step-buy = 1. Abbonamento all'Action Pack acquistato
lap-step-buy-done = Acquistato il { $date }.
lap-step-buy-pending = In attesa del pagamento.
lap-step-case = 2. Profilo account configurato dal supporto di Frontline per i partner
lap-step-case-none = Il caso si apre quando l'abbonamento è pagato.
lap-step-case-open = Caso { $id }: { $state }.
lap-step-case-resolved = Caso { $id } risolto.
lap-step-case-link = Apri il caso { $id }
lap-step-access = 3. Accesso al courseware sul Courseware Marketplace
lap-step-access-no = Concesso quando il caso di configurazione del profilo account è risolto.
lap-step-access-yes = Concesso il { $date }.
step-done = completato
step-todo = da fare
enroll-case-state-open = aperto, in attesa del supporto di Frontline per i partner
enroll-case-state-waiting_on_partner = in attesa della tua risposta
enroll-case-state-resolved = risolto
enroll-case-state-rejected = respinto

# Ordini (issue 16): gli ordini del partner, il pagamento in attesa, le coordinate bancarie.
orders-title = Ordini
orders-page-title = { $name }: ordini
orders-intro = Tutti gli ordini della tua organizzazione, dal più recente: cosa acquistano, l'importo dovuto e lo stato del pagamento.
orders-none = Nessun ordine per ora.
orders-placed = Effettuato il
orders-proof = Prova di pagamento
orders-pay = Paga questo ordine
orders-pay-by = Da pagare entro il { $date }
orders-paid-on = Pagato il { $date }
orders-expired-on = Scaduto senza pagamento il { $date }
orders-refunded-on = Rimborsato il { $date }
orders-view-order = Vedi l'ordine
orders-payment-pending = Pagamento in attesa: vedi l'ordine
orders-payment-pending-title = Pagamento in attesa
overview-pending-order = Ordine { $id } per { $option }: { $amount } da pagare entro il { $date }.
checkout-pending-order = La tua organizzazione ha un ordine non pagato per questa opzione: pagalo, o lascialo scadere prima di ordinare di nuovo.
bank-title = Come pagare con bonifico bancario
bank-beneficiary = Beneficiario
bank-iban = IBAN
bank-bic = BIC (SWIFT)
bank-name = Banca
bank-amount = Importo
bank-reference = Causale
bank-reference-help = Scrivi la causale esattamente come indicata: dice al programma quale ordine paga il tuo bonifico. Poi carica qui sotto la conferma della banca.
bank-missing = Le coordinate bancarie del programma non sono ancora pubblicate qui: te le invia il supporto. Indica il tuo ID MPN e il numero d'ordine.

# Gli avvisi di rinnovo della panoramica (issue 16 item 7, R19, R28).
renewal-note-renews = La tua iscrizione { $option } arriva al rinnovo il { $date }. Con i dati di oggi si rinnova, e la quota di rinnovo è addebitata come l'ultima volta: non devi fare nulla.
renewal-note-waived = La tua iscrizione { $option } arriva al rinnovo il { $date }. Con i dati di oggi si rinnova grazie alla politica di deroga del programma; la quota di rinnovo è comunque addebitata.
renewal-note-pending = La tua iscrizione { $option } arriva al rinnovo il { $date }. Si rinnova appena il bonifico della quota è confermato.
renewal-note-lapses = La tua iscrizione { $option } arriva al rinnovo il { $date }. Con i dati di oggi scadrebbe il { $lapse }: { $requirement } non è ancora soddisfatto.
renewal-note-order = Il rinnovo della tua iscrizione { $option } (anniversario { $date }) attende il pagamento dell'ordine { $id }.
renewal-action-trainers = Aggiungi un formatore
renewal-action-exams = Registra esami superati
renewal-action-kpi = Vedi i tuoi punti KPI
renewal-action-enroll = Vedi cosa manca
renewal-req-mct_count = il numero di MCT attivi
renewal-req-exam_passes = il numero di esami superati
renewal-req-kpi_points = i punti KPI del periodo di rinnovo
renewal-req-performance_commitment = l'accettazione delle Performance Guidelines
renewal-req-action_pack_subscription = l'abbonamento all'Action Pack
renewal-req-fee_paid = la quota

# La pagina delle linee guida sulle prestazioni (/guidelines/{version}, R8).
guidelines-title = Linee guida sulle prestazioni del Learning Program { $version }
guidelines-in-force = Le linee guida dell'anno di programma { $name }, in vigore dal { $from }.
guidelines-intro = Accettare queste linee guida significa impegnarsi a soddisfare i requisiti qui sotto per l'opzione di formazione che si detiene. I punti KPI si contano sui dodici mesi completi precedenti ogni report.
guidelines-mcts = { $count ->
    [one] Un Microsoft Certified Trainer attivo
   *[other] { $count } Microsoft Certified Trainer attivi
}
guidelines-exams = { $count ->
    [one] Un esame della competenza superato negli ultimi 12 mesi
   *[other] { $count } esami della competenza superati negli ultimi 12 mesi
}
guidelines-kpi-always = { $points } punti KPI, all'iscrizione e a ogni rinnovo
guidelines-kpi-renewal = { $points } punti KPI a ogni rinnovo
guidelines-kpi-enrollment = { $points } punti KPI all'iscrizione
guidelines-kpi-never = { $points } punti KPI, non verificati
guidelines-commitment = L'accettazione di queste linee guida sulle prestazioni
guidelines-fee = Tariffa: { $fee } all'anno
guidelines-points-heading = Punti KPI per unità d'acquisto
guidelines-points-intro = Ogni unità d'acquisto su una fattura effettiva del Courseware Marketplace vale questi punti, secondo le regole in vigore alla data della fattura.
guidelines-col-points = Punti per unità
guidelines-points-capped = { $points } (al massimo { $cap } in dodici mesi)
checkout-read-guidelines = Leggi le linee guida sulle prestazioni { $version } (si apre in una nuova scheda)
