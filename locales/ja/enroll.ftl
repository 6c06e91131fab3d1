# 登録 (crates/web/src/ui/enroll_page.rs): オプション、購入手続き、結果、支払い証明のアップロード、
# Learning Action Pack の有効化チェックリスト (R5)、概要ページの次のレベル。

breadcrumb = 現在位置
back-overview = ← 概要
back-options = ← 登録オプション
overview-enroll = 登録オプション
next-tier-title = 次のレベル
next-tier-none = 登録しているすべてのコンピテンシーで最上位のレベルを保有しています。

enroll-title = ラーニングパートナープログラムに登録する
enroll-intro = Learning Action Pack、またはコンピテンシーのシルバーまたはゴールドの学習オプションを選択します。すべての要件は、トレーナー、試験の合格、最新の KPI レポートに基づいて今判定されます。ビジネスプランは不要です。
enroll-read-only = このページは閲覧できますが、登録と支払いができるのは組織の MPN パートナー管理者またはアカウント管理者だけです。
enroll-recommended = おすすめ: { $option }
enroll-recommended-none = まだ満たしているオプションはありません。Learning Action Pack の対象になるには、有効な Microsoft 認定トレーナー (MCT) を追加してください。
enroll-recommended-held = 条件を満たす最上位のオプション { $option } に既に加入しています。
enroll-rule-set = ルールセット { $name } ({ $date } から適用)。
enroll-competencies = コンピテンシー別のシルバーおよびゴールドの学習オプション
enroll-competencies-help = コンピテンシーを開くと、シルバーとゴールドの要件が表示されます。
enroll-choose = 登録する
enroll-details = 詳細を見る
badge-recommended = おすすめ
badge-held = 保有中
badge-eligible = 要件を満たしています
badge-not-eligible = 要件未達
badge-upgrade = シルバーからゴールドへのアップグレード価格

req-why = 理由
req-why-rule = プログラムの規則 { $rule } による判定です。
req-met = 達成
req-unmet = 未達
req-rule-title = 要件と、それを判定するプログラムのルール
req-mct-short = 有効な MCT { $actual } 名 (必要数 { $required } 名)
req-mct-detail = 現在、組織に所属している Microsoft 認定トレーナー (MCT)。
req-exams-short = 試験の合格 { $actual } 件 (必要数 { $required } 件)
req-exams-detail = 過去 12 か月間の { $competency } に対応する試験 ({ $exams }) の合格。
req-kpi-short = KPI ポイント { $actual } (必要数 { $required })
req-kpi-report = { $date } に公開された KPI レポートより。
req-kpi-no-report = KPI レポートはまだ公開されていません。
req-commitment-met = パフォーマンスガイドラインに同意済み
req-commitment-unmet = パフォーマンスガイドラインにまだ同意していません
req-commitment-detail = 学習プログラムのパフォーマンスガイドライン (バージョン { $version }) のパフォーマンス要件。
req-subscription = Action Pack サブスクリプションの購入
req-fee-paid = コンピテンシー料金の支払い
req-waived = ポリシー { $waiver } により免除。

price-fee = 料金
price-discount = シルバーからゴールドへのアップグレード割引 ({ $percent }%)
price-due = お支払い金額
price-upgrade-note = このコンピテンシーのシルバー学習オプションを保有しているため、ゴールドはアップグレード価格で購入できます。ゴールドの開始時にシルバーのメンバーシップは終了し、割引を利用するとシルバー料金の返金を受けられなくなります。ゴールドの記念日は購入の 1 年後です。

checkout-title = 登録: { $option }
checkout-requirements = 要件
checkout-price = 料金
checkout-not-eligible = まだすべての要件を満たしていないため、このオプションは現在購入できません。
checkout-instead = 登録できるオプション:
checkout-guidelines = 学習プログラムのパフォーマンスガイドライン
checkout-accept = 組織を代表して、学習プログラムのパフォーマンスガイドライン (バージョン { $version }) のパフォーマンス要件に同意します。
checkout-accept-required = シルバーまたはゴールドの学習オプションに登録するには、パフォーマンスガイドラインに同意してください。
checkout-payment = お支払い方法
checkout-payment-required = お支払い方法を選択してください。
payment-card = カード
payment-card-help = すぐに支払われ、メンバーシップはただちに開始されます。
payment-bank = 銀行振込
payment-bank-help = 支払い証明をアップロードしてください。オペレーターが確認するとメンバーシップが開始されます。未払いの注文は 30 日後に失効します。
checkout-submit = 登録して支払う
checkout-held = 組織はこのオプションをすでに保有しています。記念日の 30 日前から更新できます。
checkout-held-window = このオプションは加入済みです。記念日は { $anniversary } で、要件を満たしていれば記念日に更新されます。更新できる期間は { $from } から { $to } までです。
checkout-conflict = 組織はこのオプションをすでに保有しているか、未払いの注文があります。

result-refused-title = 登録できませんでした: { $option }
result-refused-lead = 次の要件をまだ満たしていません:
result-unmet = 未達の要件
result-active-title = 登録しました: { $option }
result-active-lead = メンバーシップは有効です。
result-paid-card = カードで支払い済み
result-upgraded = このコンピテンシーのシルバーのメンバーシップはアップグレード済みとして終了しました。その料金は返金されません。
result-pending-title = お支払い待ち: { $option }
result-pending-lead = { $amount } を振り込み、支払い証明をアップロードしてください。支払われない場合、注文は { $date } に失効します。
order-title = 注文 { $id }: { $option }
order-number = 注文
order-expires = 有効期限
order-paid-on = 支払日
order-status-pending_payment = お支払い待ち
order-status-paid = 支払い済み
order-status-expired = 失効
order-status-refunded = 返金済み

proof-title = 支払い証明
proof-label = 銀行振込の支払い証明
proof-help = 5 MiB 以下の PDF、PNG、または JPEG ファイル。
proof-submit = 支払い証明をアップロード
proof-too-large = ファイルが 5 MiB を超えています。より小さい PDF、PNG、または JPEG ファイルをアップロードしてください。
proof-missing = アップロードするファイルを選択してください。
proof-wrong-type = 支払い証明は PDF、PNG、または JPEG ファイルである必要があります。
proof-received = 支払い証明 ({ $file }) を受け取りました。オペレーターが支払いを確認すると、メンバーシップが開始されます。
proof-order-expired = この注文は失効しています。新しく注文してください。
proof-order-not-pending = この注文には支払い証明を追加できません。
proofs-sent-title = 送信済みの支払い証明
proof-sent-on = { $date } に送信
proof-status-submitted = 運用担当者の確認待ち
proof-status-accepted = 承認済み
proof-status-rejected = 却下
proof-reason = 運用担当者からの理由:

lap-steps-title = Learning Action Pack の有効化
lap-steps-intro = 次の 3 つの手順が完了すると、Learning Action Pack が有効になります。
lap-step-buy = 1. Action Pack サブスクリプションの購入
lap-step-buy-done = { $date } に購入しました。
lap-step-buy-pending = お支払いを待っています。
lap-step-case = 2. パートナー フロントライン サポートによるアカウントプロファイルの設定
lap-step-case-none = サブスクリプションが支払われるとケースが作成されます。
lap-step-case-open = ケース { $id }: { $state }。
lap-step-case-resolved = ケース { $id } は解決しました。
lap-step-case-link = ケース { $id } を開く
lap-step-access = 3. コースウェアマーケットプレースのコースウェアへのアクセス
lap-step-access-no = アカウントプロファイル設定のケースが解決すると付与されます。
lap-step-access-yes = { $date } に付与されました。
step-done = 完了
step-todo = 未完了
enroll-case-state-open = 作成済み、パートナー フロントライン サポートの対応待ち
enroll-case-state-waiting_on_partner = お客様の回答待ち
enroll-case-state-resolved = 解決済み
enroll-case-state-rejected = 却下

# 注文 (issue 16): パートナーの注文、支払い待ち、振込先。
orders-title = 注文
orders-page-title = { $name }: 注文
orders-intro = 組織のすべての注文を新しい順に表示します。購入内容、支払額、支払い状況を確認できます。
orders-none = 注文はまだありません。
orders-placed = 注文日
orders-proof = 支払い証明
orders-pay = この注文を支払う
orders-pay-by = { $date } までにお支払いください
orders-paid-on = { $date } に支払い済み
orders-expired-on = { $date } に未払いのまま期限切れ
orders-refunded-on = { $date } に返金済み
orders-view-order = 注文を表示
orders-payment-pending = 支払い待ち: 注文を表示
orders-payment-pending-title = 支払い待ち
overview-pending-order = 注文 { $id } ({ $option }): { $date } までに { $amount } をお支払いください。
checkout-pending-order = このオプションには未払いの注文があります。お支払いいただくか、期限切れになってから再度ご注文ください。
bank-title = 銀行振込でのお支払い方法
bank-beneficiary = 受取人
bank-iban = IBAN
bank-bic = BIC (SWIFT)
bank-name = 銀行
bank-amount = 金額
bank-reference = 振込参照番号
bank-reference-help = 振込参照番号は表示どおりに記入してください。どの注文の支払いかをプログラムが判別します。その後、銀行の振込確認書を下からアップロードしてください。
bank-missing = プログラムの振込先はまだここに掲載されていません。サポートからお知らせします。MPN ID と注文番号をお伝えください。

# 概要の更新のお知らせ (issue 16 item 7, R19, R28)。
renewal-note-renews = { $option } メンバーシップは { $date } に更新時期を迎えます。現在のデータでは更新され、前回と同じ方法で更新料が請求されます。対応は不要です。
renewal-note-waived = { $option } メンバーシップは { $date } に更新時期を迎えます。現在のデータでは、プログラムの免除ポリシーにより更新されます。更新料は請求されます。
renewal-note-pending = { $option } メンバーシップは { $date } に更新時期を迎えます。更新料の銀行振込が確認され次第、更新されます。
renewal-note-lapses = { $option } メンバーシップは { $date } に更新時期を迎えます。現在のデータでは { $lapse } に失効します。{ $requirement }が満たされていません。
renewal-note-order = { $option } メンバーシップ (記念日 { $date }) の更新は、注文 { $id } のお支払いを待っています。
renewal-action-trainers = トレーナーを追加
renewal-action-exams = 試験の合格を登録
renewal-action-kpi = KPI ポイントを見る
renewal-action-enroll = 不足している要件を見る
renewal-req-mct_count = 有効な MCT の人数
renewal-req-exam_passes = 試験の合格数
renewal-req-kpi_points = 更新対象期間の KPI ポイント
renewal-req-performance_commitment = パフォーマンス ガイドラインへの同意
renewal-req-action_pack_subscription = Action Pack のサブスクリプション
renewal-req-fee_paid = 料金

# パフォーマンス ガイドラインのページ (/guidelines/{version}、R8)。
guidelines-title = ラーニング プログラム パフォーマンス ガイドライン { $version }
guidelines-in-force = { $name } プログラム年度のガイドラインで、{ $from } から適用されます。
guidelines-intro = このガイドラインに同意すると、保有するラーニング オプションについて以下の要件を満たすことに同意したことになります。KPI ポイントは各レポートの前の 12 か月 (完了した月) で集計されます。
guidelines-mcts = { $count ->
   *[other] 有効な Microsoft 認定トレーナー { $count } 名
}
guidelines-exams = { $count ->
   *[other] 過去 12 か月に合格したコンピテンシーの試験 { $count } 件
}
guidelines-kpi-always = 登録時と毎回の更新時に { $points } KPI ポイント
guidelines-kpi-renewal = 毎回の更新時に { $points } KPI ポイント
guidelines-kpi-enrollment = 登録時に { $points } KPI ポイント
guidelines-kpi-never = { $points } KPI ポイント (確認されません)
guidelines-commitment = このパフォーマンス ガイドラインへの同意
guidelines-fee = 料金: 年額 { $fee }
guidelines-points-heading = 購入単位あたりの KPI ポイント
guidelines-points-intro = Courseware Marketplace の実際の請求書にある購入単位ごとに、請求書の日付に適用されるルールに従って、次のポイントが付与されます。
guidelines-col-points = 単位あたりのポイント
guidelines-points-capped = { $points } (12 か月で最大 { $cap })
checkout-read-guidelines = パフォーマンス ガイドライン { $version } を読む (新しいタブで開きます)
