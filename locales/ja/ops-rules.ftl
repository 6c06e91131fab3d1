# コンソールのルールセット (/ops/rules): プログラム年度の比較、ドラフト、What-if、有効化 (R14)。
ops-rules-title = ルールセット
ops-rules-intro = 各プログラム年度のしきい値、料金、KPI ポイント。ルールセットは発効日から適用されます (R14)。ドラフトをアップロードし、全パートナーで試してから有効化します。
ops-rules-years-heading = プログラム年度の比較
ops-rules-years-help = 発効日順に、ルールセットごとに 1 列。強調表示された値は左の列と異なります。
ops-rules-setting = 設定
ops-rules-from = 発効日
ops-rules-changed = 前のルールセットから変更
ops-rules-drafts-heading = アップロードされたルールセット
ops-rules-drafts-none = まだルールセットはアップロードされていません。
ops-rules-draft-name = ルールセット
ops-rules-draft-state = 状態
ops-rules-draft-uploaded = アップロード
ops-rules-draft-effective = 発効日
ops-rules-state-draft = ドラフト
ops-rules-state-active = 有効
ops-rules-state-discarded = 破棄
ops-rules-uploaded = { $date } に { $who } がアップロード
ops-rules-upload-heading = ドラフトのアップロード
ops-rules-upload-help = docs/rules.md の形式のルールセットファイル。`lpc rules check` と同じ検査を行います。ドラフトは有効化されるまで何も決定しません。
ops-rules-upload-file = ルールセットファイル (.toml)
ops-rules-upload-file-help = ファイルを選ぶと、その内容が下の欄にコピーされます。テキストを貼り付けることもできます。
ops-rules-upload-text = ルールセットのテキスト (TOML)
ops-rules-upload-submit = 検査してドラフトを保存
ops-rules-upload-refused = ルールセットは保存されませんでした: エラー { $count } 件。
ops-rules-upload-empty = ルールセットファイルを選ぶか、テキストを貼り付けてください。
ops-rules-upload-too-large = ルールセットファイルは 256 KiB までです。
ops-rules-upload-ok = ドラフトはすべての検査に合格し、保存されました。What-if で影響を確認してください。
ops-rules-error-place = { $line } 行 { $column } 列
ops-rules-error-line = { $line } 行
ops-rules-error-nowhere = ファイル全体
ops-rules-compare-heading = ドラフトと現行のルールセット
ops-rules-compare-help = ドラフトの日付に有効なルールセットとドラフト。強調表示はドラフトによる変更です。
ops-rules-what-if-title = 影響の試算
ops-rules-what-if-help = 指定日に、全パートナーをドラフトと現行のルールセットで判定します: どのパートナーがどのオプションを得る・失うか、その理由となる要件。
ops-rules-what-if-on = 判定日
ops-rules-what-if-run = What-if を実行
ops-rules-what-if-heading = ドラフト { $draft } と { $before } の比較 ({ $date }): { $partners } パートナーを判定。
ops-rules-what-if-csv = CSV でダウンロード
ops-rules-what-if-tiers = レベルごとの獲得・喪失パートナー数
ops-rules-what-if-per-option = オプションとコンピテンシー別
ops-rules-what-if-option = オプション
ops-rules-what-if-gaining = 獲得するパートナー
ops-rules-what-if-losing = 失うパートナー
ops-rules-what-if-changes = 誰が何を得る・失うか、その理由
ops-rules-what-if-none = このドラフトでオプションを得る・失うパートナーはいません。
ops-rules-what-if-partner = パートナー
ops-rules-what-if-change = 変化
ops-rules-what-if-why = 理由
ops-rules-what-if-gains = 獲得
ops-rules-what-if-loses = 喪失
ops-rules-what-if-more = { $total } 件中、最初の { $shown } 件を表示しています。CSV にはすべて含まれます。
ops-rules-why-amount = 実績は { $actual } です。現行のルールでは{ $before_required -> 
    [yes] { $before } が必要
   *[no] 不要
}、ドラフトでは{ $after_required -> 
    [yes] { $after } が必要です。
   *[no] 不要です。
}
ops-rules-why-flag = { $actual -> 
    [yes] 満たしています
   *[no] 満たしていません
}。現行のルールでは{ $before -> 
    [yes] 必要
   *[no] 不要
}、ドラフトでは{ $after -> 
    [yes] 必要です。
   *[no] 不要です。
}
ops-rules-back-to-draft = ドラフトに戻る
ops-rules-yes = はい
ops-rules-no = いいえ
ops-rules-req-mct_count = 有効な MCT
ops-rules-req-exam_passes = 試験合格
ops-rules-req-kpi_points = KPI ポイント
ops-rules-req-performance_commitment = パフォーマンス要件への同意
ops-rules-req-action_pack_subscription = Action Pack サブスクリプション
ops-rules-req-fee_paid = 料金の支払い
ops-rules-activate-heading = 有効化
ops-rules-activate-help = 発効日以降、その日付に関するすべての決定がこのルールセットを使います (R14)。日付は本日以降で、同じ日に発効する他のルールセットがあってはなりません。
ops-rules-activate-date = 発効日
ops-rules-activate-submit = ルールセットを有効化
ops-rules-activate-not-a-date = 発効日を日付 (YYYY-MM-DD) で入力してください。
ops-rules-activate-past = { $date } は過去の日付です (本日は { $today })。R14 により、ルールセットは本日以降に発効します。既に行われた決定のルールは変わりません。何も有効化していません。
ops-rules-activate-refused = 有効化していません: { $detail }
ops-rules-activated = ルールセットは有効です: { $date } から適用されます (R14)。
ops-rules-discard = ドラフトを破棄
ops-rules-discarded = ドラフト #{ $id } を破棄しました。
ops-rules-differences = 異なる設定
ops-rules-all-settings = すべての設定
# The rule files' settings, named for people (the key stays beside them).
ops-rules-setting-name = 名前
ops-rules-setting-effective_from = 適用開始日
ops-rules-setting-guidelines_version = パフォーマンス ガイドラインのバージョン
ops-rules-setting-silver_to_gold_discount_percent = シルバーからゴールドへのアップグレード割引 (%)
ops-rules-setting-invoice_future_days = 請求書の日付として認める先日付の日数
ops-rules-setting-tiers = ラーニング オプション
ops-rules-setting-exams = 試験
ops-rules-setting-title = タイトル
ops-rules-setting-competencies = コンピテンシー
ops-rules-setting-mct_count = 有効な MCT
ops-rules-setting-exam_passes = 試験合格
ops-rules-setting-kpi_points = KPI ポイント
ops-rules-setting-kpi_at_enrollment = 登録時の KPI ポイント要件
ops-rules-setting-kpi_at_renewal = 更新時の KPI ポイント要件
ops-rules-setting-performance_commitment = パフォーマンス要件への同意
ops-rules-setting-fee = 料金
ops-rules-setting-points_per_unit = 購入単位あたりのポイント
ops-rules-setting-cap = 上限
ops-rules-setting-description = 説明
ops-rules-setting-omlp_types = OMLP の種類
ops-rules-setting-points = ポイント
ops-rules-setting-from = 開始
ops-rules-setting-to = 終了
ops-rules-setting-waives = 免除の対象
ops-rules-setting-fee_due = 料金の支払い
ops-rules-setting-excluded_competencies = 対象外のコンピテンシー
ops-rules-group-exams = 試験
ops-rules-group-caps = 上限
ops-rules-group-waivers = 免除
