"""Japanese text of notebook 06 · 整合性 (code: ``notebooks/course/nb06.py``)."""

MARKDOWN = {
    "title": r"""
# 06 · 整合性: VSS、ファイル システムのフリーズ、ライター

| | |
|---|---|
| **目標** | このノートブックを終えると、次のことができます: チェックポイントが持ちうる 3 つの整合性のレベルと、どのチェックポイントがどのレベルになるかを挙げる (A7, B9, B10)。Windows ゲストで VSS が何をし、Linux ゲストで `hv_vss_daemon` が何をするかを説明する (A5, A7)。SQL Server のライターが出す、想定どおりのエラーを見分ける (A9, B12)。同じしくみの上に作られた他の Microsoft の機能を挙げる (A6)。 |
| **前提** | 01 (運用と標準)。02 (運用チェックポイントがフォールバックするとき) も役立ちます。 |
| **所要時間** | 約 25 分 |
| **ポイント** | A5, A6, A7, A9 · ルール B9, B10, B12 |

*English version: [../06-consistency.ipynb](../06-consistency.ipynb)*
""",
    "levels": r"""
## 1. 3 つの整合性レベル

| レベル | 意味 | どのチェックポイントか |
|---|---|---|
| **アプリケーション整合性** (application-consistent) | ディスクを取り込む前に、アプリケーションにデータのフラッシュを依頼した (VSS ライター) | 運用、Windows ゲスト (A7) |
| **ファイル システム整合性** (file-system-consistent) | ファイル システムをフラッシュしてフリーズした。アプリケーションには依頼していない | 運用、Linux ゲスト (A7) |
| **クラッシュ整合性** (crash-consistent) | 電源を切ったときのようなディスク。ただし *メモリと一緒に* 復元されるので、VM は何事もなかったかのように続きから動く | 標準、実行中の VM (B10) |

> **予想。** 既定の設定で実行中の VM が 2 台あります。Windows Server のゲストと、`hv_vss_daemon` のある Linux
> ゲストです。それぞれの運用チェックポイントはどのレベルになるでしょう。それぞれのゲストの中では何が動くでしょう。
""",
    "a5-a7-explain": r"""
### 解説

- **Windows** (A5, A7): Hyper-V は Hyper-V ボリューム シャドウ コピー要求元 (Hyper-V Volume Shadow Copy
  Requestor、`vmicvss`) を通じて、ゲストの **ボリューム シャドウ コピー サービス** に依頼します。VSS はすべての
  VSS *ライター* (たとえば SQL Server のライター) に、データを整合性のとれた時点にそろえて静止するよう指示し、
  シャドウ コピーを作成してから静止を解除します。結果は **アプリケーション整合性** のあるイメージです。
- **Linux** (A7): `hv_vss_daemon` は、マウントされている **ファイル システムをそれぞれフラッシュしてフリーズ** し
  (`sync` と `fsfreeze` を実行するのと同様)、その後フリーズを解除します。結果は **ファイル システム整合性** だけです。
  Microsoft の説明: "Linux backups are file-system consistent only whereas Windows backups are file-system and
  application consistent. This difference is due to lack of standardized Volume Shadow Copy Service (VSS)
  infrastructure in Linux." (Linux のバックアップはファイル システム整合性のみ、Windows のバックアップはファイル
  システム整合性かつアプリケーション整合性。この違いは Linux に標準化された VSS 基盤がないため) (BLOG-LINUX13)

上の 2 つの「ゲスト:」の行は、これらの手順を hvlab が要約したもので、ゲストが表示するメッセージではありません。
""",
    "a7-standard-explain": r"""
**標準** チェックポイントはゲストに何も依頼しません。ディスクはクラッシュ整合性で、それで問題がないのはメモリも一緒に
保存されるからです。適用すると、VM はまさにその瞬間から再開します (B10, B14)。
""",
    "a9-predict": r"""
## 2. ホストの VSS ライターとゲストのライター (A9, B12)

ホストでは **Microsoft Hyper-V VSS Writer** がゲストの VSS と連携します (A9)。ゲストの中ではすべての VSS ライターが
参加し、**SQL Server のライター** のように、失敗やエラーを報告するものもあります。記事によれば、それは想定どおりの
動作です (A9)。

> **予想。** SQL Server の役割を持つ Windows ゲストです。運用チェックポイントを作成します。Hyper-V は成功を
> 報告するでしょうか。ゲストは何を記録するでしょう。
""",
    "b12-explain": r"""
### 解説

Hyper-V は `Production checkpoint created.` (運用チェックポイントが作成された) と表示し、一方でゲストは SQL Server
のバックアップ エラーを記録します (ゲストのメッセージなので英語のまま示します):

    BACKUP failed to complete the command BACKUP DATABASE model. Check the backup application log for detailed messages.

**Microsoft の情報源が述べていること。** Microsoft の情報源は、Virtualization チームのブログ記事
"Application consistent recovery points with Windows Server 2008/2003 guest OS" (BLOG-HVR14、https://learn.microsoft.com/virtualization/community/team-blog/2014/20140519-application-consistent-recovery-points-with-windows-server-2008-2003-guest-os)
だけです。これは SQL Server 2005、2008、2012 SP1 のゲストでの **Hyper-V レプリカ** のアプリケーション整合性のある
回復ポイントについての記事で、ゲストが記録するものを **エラー** と呼んでいます: "the guest event viewer showed
errors/failure during the VSS process" (ゲストのイベント ビューアーには VSS 処理中のエラーや失敗が表示された)。
その説明は "The behavior seen by the customer is a benign error caused because of the interaction between
Hyper-V and VSS, especially for older versions of the guest OS" (Hyper-V と VSS のやり取りによる無害なエラーで、
特に古いバージョンのゲスト OS で起きる。KB 2952783) です。理由は "The Hyper-V requestor explicitly stops the VSS
operation right after the OnThaw phase. While this ensures application-consistency of the writes
going to the disk, it also results in the VSS errors being logged." (Hyper-V のリクエスターは OnThaw フェーズの
直後に VSS 操作を明示的に止める。これでディスクへの書き込みのアプリケーション整合性は保たれるが、VSS エラーも
記録される) です。回復ポイントを信じるだけでなく確かめる方法も示しています: "A great way to validate whether the recovery point is
application-consistent or not is to do a test failover on that recovery point." (回復ポイントがアプリケーション
整合性を持つかどうかを確かめるよい方法は、その回復ポイントでテスト フェールオーバーを行うこと)。

**hvlab が広げている点。** Microsoft はこれを文書化していません。hvlab は次のように仮定しています: 運用チェックポイントを
作成すると、新しいゲスト (このラボのゲストは Windows Server 2022) でも SQL Server の VSS ライターは同じエラーを
記録し、Hyper-V は成功を報告する (B12)。本物の Hyper-V は異なるかもしれません。本物のホストでは、ブログが回復ポイントを
確かめるのと同じように、チェックポイントを安全な場所で復元してアプリケーションを確認してください (A9, B12)。
""",
    "a6-same-machinery": r"""
## 3. 同じしくみを使う他の機能 (A6)

実行中の VM の運用チェックポイントは、次の機能と同じゲスト側のしくみを使います (A6):

- **実行中の VM のホスト側バックアップ** (Windows Server バックアップやバックアップ製品)。Microsoft の
  "Hyper-V Backup Approaches" (BACKUP-APPR、https://learn.microsoft.com/windows-server/virtualization/hyper-v/backup-approaches) は 2 つの方法を説明しています。Hyper-V VSS ライター:
  "Hyper-V implements a Volume Shadow Copy Service (VSS) writer on all versions of Windows Server where
  Hyper-V is supported." (Hyper-V がサポートされるすべてのバージョンの Windows Server で、Hyper-V は VSS ライターを
  実装している)。そして追加の選択肢として WMI ベースのバックアップ: "Starting in Windows Server 2016, Hyper-V
  supports backup through the Hyper-V Windows Management Instrumentation (WMI) API. This approach still
  utilizes VSS inside the virtual machine for backup purposes, but no longer uses VSS in the host
  operating system" (Windows Server 2016 以降、Hyper-V は WMI API によるバックアップもサポートする。仮想マシンの
  中では引き続き VSS を使うが、ホスト OS では VSS を使わない)。参照ポイントと Resilient Change Tracking (RCT) を
  使います。どちらの方法でも、ゲストの VSS が関わります。バックアップが作成したチェックポイントは `Recovery`
  チェックポイントとして現れます (`Get-VMSnapshot -SnapshotType`)。
- **Hyper-V レプリカ** のアプリケーション整合性のある回復ポイント: オプション "Volume Shadow Copy
  Service (VSS) snapshot frequency (in hours)"、PowerShell では
  `Set-VMReplication -VSSSnapshotFrequencyHour <Int32>`。Microsoft のベスト プラクティス アナライザーは
  "Even if application-consistent snapshots are specified in the replication configuration,
  Hyper-V will not use them unless VSS is configured." (レプリケーションの構成でアプリケーション整合性の
  スナップショットを指定しても、VSS が構成されていなければ Hyper-V はそれを使わない) と述べています (BPA-VSS)。
- **Azure Site Recovery** のアプリケーション整合性スナップショット: "The interval (in hours) at which
  Hyper-V Replica should create an application consistent snapshot within the VM." (Hyper-V レプリカが VM 内で
  アプリケーション整合性スナップショットを作成する間隔 (時間単位)) (ASR)

したがって、運用チェックポイントのゲスト側の条件 (ノートブック 02) は、これらの機能でも効いてきます。
「バックアップ (ボリューム シャドウ コピー)」をオフにすると "the virtual machine can not be backed up while running
(using VSS)" (実行中の仮想マシンを VSS でバックアップできなくなる、IS-REF)、`hv_vss_daemon` のない Linux ゲストは
ライブ バックアップできません ("This daemon is required to create live Linux virtual machine backups."、IS-MANAGE)。
hvlab がシミュレートするのはチェックポイントだけで、バックアップ、レプリカ、Site Recovery は扱いません。
""",
    "explorer-intro": r"""
## 4. 自分で試す

エクスプローラーでゲスト **Windows Server 2022 + SQL Server** を選び、**運用チェックポイント** と **標準チェックポイント**
を比べてください。次に Linux ゲストで、**hv_vss_daemon あり** と **hv_vss_daemon なし** を比べます。整合性の行と
ゲストのイベントに注目してください。
""",
    "check-title": r"""
## 理解度チェック
""",
    "summary": r"""
## まとめ

- 運用、Windows ゲスト: `vmicvss` を通じた VSS → **アプリケーション整合性** (A5, A7)。
- 運用、Linux ゲスト: `hv_vss_daemon` がファイル システムをフリーズ → **ファイル システム整合性** (A7)。
- 実行中の VM の標準チェックポイント: **クラッシュ整合性** のディスクと、それに対応するメモリ (B10)。
- ホストの Microsoft Hyper-V VSS Writer はゲストの VSS と連携します。Microsoft のブログは、古いゲスト
  (Windows Server 2008/2003) での Hyper-V レプリカについて、SQL Server のライターが無害な **エラー** を記録する例を
  示し、テスト フェールオーバーで確かめています。運用チェックポイントや新しいゲストでも同じになるというのは hvlab の
  仮定です (A9, B12)。
- バックアップ、Hyper-V レプリカ、Azure Site Recovery も同じゲスト側の VSS を使います (A6)。

**次へ:** [07 · ドメイン コントローラー](07-domain-controllers.ipynb)
""",
}
