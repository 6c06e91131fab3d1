# La previsione di rinnovo (issue 19; R14, R17, R19, R23)
forecast-title = Previsione di rinnovo
forecast-intro = Il rinnovo si valuta sui dodici mesi interi prima del mese dell'anniversario (R19), mentre la dashboard KPI mostra i dodici mesi dell'ultimo report (R17). Qui trovi cosa conta ancora, cosa manca e entro quando.
forecast-none = Nessuna iscrizione attiva: niente da rinnovare.
forecast-overview-title = Rinnovi in arrivo
forecast-card-title = { $option }: previsione di rinnovo
forecast-see-all = Vedi tutta la previsione
forecast-today = oggi
forecast-in-days = { $days ->
        [one] tra 1 giorno
       *[other] tra { $days } giorni
    }
forecast-days-ago = { $days ->
        [one] 1 giorno fa
       *[other] { $days } giorni fa
    }
forecast-outcome-renews = Con i dati di oggi si rinnova il { $date }.
forecast-outcome-waived = Con i dati di oggi si rinnova il { $date } con la deroga del programma (R23); la quota resta dovuta.
forecast-outcome-lapses = Con i dati di oggi scadrebbe il { $lapse }: sotto trovi cosa manca.
forecast-outcome-order = Il rinnovo attende il pagamento dell'ordine { $order }.
forecast-outcome-pending = Non ancora deciso: se i requisiti non sono soddisfatti, scade il { $lapse }.
forecast-outcome-renewed = Il rinnovo del { $date } è deciso: si rinnova.
forecast-outcome-lapsed = I requisiti non erano soddisfatti entro il { $lapse }: scade.
forecast-window = Mesi che contano
forecast-points = Punti KPI
forecast-points-so-far = { $points } di { $required } punti finora
forecast-points-decided = { $points } di { $required } punti, dal report decisivo
forecast-points-not-required = { $points } punti (per questa opzione non servono punti KPI)
forecast-not-yet = Non ancora pubblicati: { $months }. Le fatture di quei mesi contano ancora.
forecast-leaving = { $points } punti della dashboard ({ $months }) escono dalla finestra prima dell'anniversario: contano oggi, non allora.
forecast-last-invoice = Ultima data di fattura che conta
forecast-deciding = Report decisivo
forecast-deciding-published = pubblicato il { $date }
forecast-deciding-to-come = in pubblicazione il { $date }
forecast-requirements = Requisiti all'anniversario
forecast-mct-detail = Microsoft Certified Trainer con affiliazione valida il { $date }.
forecast-exams-detail = Esami superati dal { $from } al { $date }.
forecast-kpi-detail = Punti delle fatture di { $months }.
forecast-gap-mcts = { $count ->
        [one] Serve ancora 1 MCT valido il { $date }.
       *[other] Servono ancora { $count } MCT validi il { $date }.
    }
forecast-gap-exams = { $count ->
        [one] Serve ancora 1 esame superato entro il { $date }.
       *[other] Servono ancora { $count } esami superati entro il { $date }.
    }
forecast-gap-points = Servono ancora { $points } punti, su fatture datate entro il { $date }.
forecast-gap-commitment = Accetta le Performance Guidelines in vigore.
forecast-months-title = I dodici mesi, uno per uno
forecast-col-month = Mese
forecast-col-points = Punti
forecast-month-to-come = non ancora pubblicato
forecast-rules = Valutato con il set di regole { $name }, in vigore all'anniversario (R14).
forecast-rules-waiver = Valutato con il set di regole { $name }, in vigore all'anniversario (R14), e la sua deroga { $waiver } (R23).
