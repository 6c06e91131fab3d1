# プログラムのお知らせ (R32): コンソール、パートナーの概要、Atom フィード、ルールセットの
# what-if から下書きするお知らせ (R14)。

ops-nav-announcements = お知らせ
ann-title = お知らせ
ann-intro = プログラムからパートナーへのお知らせです。掲載初日から最終日まで各パートナーの概要ページに (読者の言語で、なければ英語で) 表示され、初日にすべてのパートナー管理者へ一度だけメールで送信され、公開 Atom フィードにも掲載されます。
ann-new-title = 新しいお知らせ
ann-edit-title = お知らせの変更
ann-publish = 公開する
ann-save = 変更を保存
ann-back = すべてのお知らせ
ann-form-intro = 英語版は必須です。日本語版・イタリア語版があれば読者にはその版が、なければ英語版が (その旨を示して) 表示されます。お知らせは掲載初日まで変更できます。
ann-feed-link = 公開 Atom フィード
ann-list-heading = お知らせ (新しい順)
ann-none = お知らせはまだありません。
ann-col-title = タイトル (英語)
ann-col-languages = 言語
ann-col-starts = 掲載初日
ann-col-ends = 掲載最終日
ann-col-status = 状態
ann-col-mailed = メール送信
ann-col-actions = 操作
ann-no-end = 取り下げまで
ann-status-scheduled = 予定
ann-status-active = 掲載中
ann-status-ended = 終了
ann-status-withdrawn = 取り下げ済み
ann-mailed-on-start = 掲載初日に送信
ann-edit = 変更
ann-withdraw = 取り下げ
ann-published-notice = お知らせ { $id } を公開しました。{ $mailed ->
    [0] 現時点ではメールはキューに入っていません。パートナー管理者には掲載初日に一度だけ送信されます。
   *[other] { $mailed } 名のパートナー管理者にメールを送信します。
}
ann-saved-notice = お知らせ { $id } を保存しました。
ann-withdrawn-notice = お知らせ { $id } を取り下げました。本日で掲載を終了し、パートナーには表示されなくなります。
ann-withdraw-refused = お知らせ { $id } は取り下げ済みか、すでに終了しています。取り下げるものはありません (R32)。
ann-edit-refused = お知らせ { $id } は掲載が始まったか、取り下げられています。パートナーが読んだ可能性のある内容は変更しません。取り下げて新しいお知らせを公開してください (R32)。
ann-prefilled-notice = ルールセット下書き { $draft } の what-if から英語で入力しました (R14)。本文を確認し、必要に応じて日本語版とイタリア語版を追加してください。
ann-version-en = 英語
ann-version-ja = 日本語
ann-version-it = イタリア語
ann-optional = 任意
ann-label-title = タイトル
ann-label-text = 本文
ann-text-help = プレーンテキストです。空行で段落が分かれ、http:// と https:// のアドレスはリンクになります。タイトルは 200 文字まで、本文は 10,000 文字までです。
ann-field-starts-on = 掲載初日
ann-starts-help = 指定しなければ本日です。パートナー管理者にはその日にメールが送信されます。
ann-field-ends-on = 掲載最終日 (任意)
ann-ends-help = 空欄の場合、取り下げるまで表示されます。
ann-field-title = タイトル ({ $language })
ann-field-text = 本文 ({ $language })
ann-error-required-en = { $field }: 必須です。すべてのお知らせには英語版が必要です (R32)。
ann-error-required-pair = { $field }: 必須です。他の言語の版にはタイトルと本文の両方が必要です (R32)。
ann-error-too-long = { $field }: { $chars } 文字です。上限は { $max } 文字です (R32)。
ann-error-starts-past = { $field }: 本日 ({ $today }) より前です。お知らせは本日以降に始まります (R32)。
ann-error-ends-before-start = { $field }: 掲載初日 ({ $start }) より前です。お知らせは初日以降に終わります (R32)。
ann-error-language = お知らせは英語、日本語、イタリア語で書きます (R32)。
ann-error-date = { $field }: 日付ではありません (YYYY-MM-DD)。
ann-what-if-button = お知らせを下書き
ann-what-if-help = この KPI 要件の変更を英語で要約したお知らせフォームを、本日を初日として開きます (R14)。

ann-block-title = プログラムからのお知らせ
ann-block-since = { $date } から掲載
ann-fallback = 日本語版がまだないため、英語版を表示しています。
ann-dismiss = 閉じる

ann-feed-title = Learning Partner Program のお知らせ
ann-feed-subtitle = 翌年度の KPI 要件など、プログラムからパートナーへのお知らせです (R14, R32)。

ann-draft-title = KPI 要件は { $date } に変わります
ann-draft-intro = Learning Partner Program の KPI 要件は毎年変わります (R14)。{ $date } 以降の判定は、ルールセット { $before } に代わり { $draft } に従います。
ann-draft-tiers = { $date } からの要件:
ann-draft-tier = - { $tier }: { $requirements }
ann-draft-mct = アクティブな Microsoft 認定トレーナー { $count } 名
ann-draft-exams = 過去 12 か月にコンピテンシーに対応する試験の合格 { $count } 件
ann-draft-points = { $when } { $points } KPI ポイント
ann-draft-when-both = 登録時と各更新時に
ann-draft-when-enrollment = 登録時に
ann-draft-when-renewal = 各更新時に
ann-draft-commitment = パフォーマンス ガイドラインへの同意
ann-draft-fee = 料金 { $fee }
ann-draft-was = { $value } (それまでは: { $before })
ann-draft-new = { $value } (新規)
ann-draft-dropped = 不要になる要件: { $before }
ann-draft-counts = 本日のデータで { $date } に判定すると、{ $partners } パートナーのうち:
ann-draft-count = - { $tier }: 新たに対象となるのは { $gaining }、対象外となるのは { $losing }。
ann-draft-outro = 組織の状況は KPI ダッシュボードと更新予測でご確認ください。
