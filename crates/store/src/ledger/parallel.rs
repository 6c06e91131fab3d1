//! Making (or checking) a publication on every core: partners are derived by worker
//! threads in chunks, and a hashing thread puts their texts back in MPN ID order, so the
//! digest is exactly the one a single thread would compute.

use std::collections::BTreeMap;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use lpc_domain::MpnId;
use lpc_domain::rules::RuleSet;

use super::publication::{
    PartnerPart, PendingPartner, PublicationCut, PublicationOutcome, derive_part,
};
use crate::error::StoreError;
use crate::publishing::DigestWriter;
use crate::rows::PublishedTotal;

/// Partners per chunk handed to a worker.
const PARTNERS_PER_CHUNK: usize = 256;
/// Chunks waiting for a worker, and derived chunks waiting for the hasher: bounds memory.
const CHUNKS_IN_FLIGHT: usize = 8;

type Chunk = (u64, Vec<PendingPartner>);
type Derived = (u64, Vec<PartnerPart>);

/// What the hashing thread gathered, in MPN ID order.
#[derive(Debug)]
struct Hashed {
    digest: DigestWriter,
    totals: Vec<PublishedTotal>,
    partners: u64,
    lines: u64,
}

/// A publication being derived; partners are pushed in MPN ID order.
#[derive(Debug)]
pub struct ParallelPublication {
    chunk: Vec<PendingPartner>,
    next_chunk: u64,
    last_partner: Option<MpnId>,
    work: Option<SyncSender<Chunk>>,
    workers: Vec<JoinHandle<Result<(), StoreError>>>,
    hasher: Option<JoinHandle<Result<Hashed, StoreError>>>,
}

impl ParallelPublication {
    /// Starts the worker and hashing threads for publication `cut`, capped by `rules`.
    pub fn start(cut: PublicationCut, rules: Option<RuleSet>) -> Self {
        let rules = Arc::new(rules);
        let (work, chunks) = sync_channel::<Chunk>(CHUNKS_IN_FLIGHT);
        let chunks = Arc::new(Mutex::new(chunks));
        let (done, derived) = sync_channel::<Derived>(CHUNKS_IN_FLIGHT);
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        let workers = (0..cores.clamp(1, 4))
            .map(|_| {
                let (chunks, done, rules) = (chunks.clone(), done.clone(), rules.clone());
                std::thread::spawn(move || work_on(&cut, rules.as_ref().as_ref(), &chunks, &done))
            })
            .collect();
        drop(done);
        let hasher = std::thread::spawn(move || hash_in_order(&cut, &derived));
        Self {
            chunk: Vec::with_capacity(PARTNERS_PER_CHUNK),
            next_chunk: 0,
            last_partner: None,
            work: Some(work),
            workers,
            hasher: Some(hasher),
        }
    }

    /// The next partner; partners come in increasing MPN ID order.
    pub fn push(&mut self, partner: PendingPartner) -> Result<(), StoreError> {
        if self.last_partner.is_some_and(|p| p >= partner.partner_id) {
            return Err(StoreError::internal(format!(
                "publication: partner {} out of order",
                partner.partner_id
            )));
        }
        self.last_partner = Some(partner.partner_id);
        self.chunk.push(partner);
        if self.chunk.len() == PARTNERS_PER_CHUNK {
            self.send()?;
        }
        Ok(())
    }

    fn send(&mut self) -> Result<(), StoreError> {
        let chunk = std::mem::replace(&mut self.chunk, Vec::with_capacity(PARTNERS_PER_CHUNK));
        let sent = self
            .work
            .as_ref()
            .map(|w| w.send((self.next_chunk, chunk)).is_ok());
        self.next_chunk += 1;
        match sent {
            Some(true) => Ok(()),
            // A worker stopped: its error comes out of `finish`.
            _ => Ok(()),
        }
    }

    fn join(mut self) -> Result<Hashed, StoreError> {
        if !self.chunk.is_empty() {
            self.send()?;
        }
        drop(self.work.take());
        let mut failed = None;
        for worker in self.workers.drain(..) {
            match worker.join() {
                Ok(Ok(())) => {}
                Ok(Err(e)) => {
                    failed.get_or_insert(e);
                }
                Err(_) => {
                    failed.get_or_insert(StoreError::internal("a publication worker stopped"));
                }
            }
        }
        let hashed = self
            .hasher
            .take()
            .ok_or_else(|| StoreError::internal("the publication was finished twice"))?
            .join()
            .map_err(|_| StoreError::internal("the publication's hashing thread stopped"))?;
        match failed {
            Some(e) => Err(e),
            None => hashed,
        }
    }

    /// The publication: rows, then every partner's totals as derived.
    pub fn finish(self) -> Result<PublicationOutcome, StoreError> {
        let mut hashed = self.join()?;
        for t in &hashed.totals {
            hashed.digest.total(t);
        }
        Ok(PublicationOutcome {
            partners: hashed.partners,
            lines: hashed.lines,
            digest: hashed.digest.finish(),
            totals: hashed.totals,
        })
    }

    /// A publication being checked: its rows derived again, its totals as stored (they were
    /// computed with the rule set of their day, which may have changed since).
    pub fn finish_with_stored_totals(
        self,
        stored: Vec<PublishedTotal>,
    ) -> Result<PublicationOutcome, StoreError> {
        let mut hashed = self.join()?;
        for t in &stored {
            hashed.digest.total(t);
        }
        Ok(PublicationOutcome {
            partners: hashed.partners,
            lines: hashed.lines,
            digest: hashed.digest.finish(),
            totals: stored,
        })
    }
}

fn work_on(
    cut: &PublicationCut,
    rules: Option<&RuleSet>,
    chunks: &Mutex<Receiver<Chunk>>,
    done: &SyncSender<Derived>,
) -> Result<(), StoreError> {
    loop {
        let next = match chunks.lock() {
            Ok(receiver) => receiver.recv(),
            Err(_) => return Err(StoreError::internal("a publication worker stopped")),
        };
        let Ok((n, partners)) = next else {
            return Ok(());
        };
        let mut parts = Vec::with_capacity(partners.len());
        for partner in partners {
            if let Some(part) = derive_part(cut, rules, partner)? {
                parts.push(part);
            }
        }
        if done.send((n, parts)).is_err() {
            return Ok(());
        }
    }
}

fn hash_in_order(cut: &PublicationCut, derived: &Receiver<Derived>) -> Result<Hashed, StoreError> {
    let mut hashed = Hashed {
        digest: DigestWriter::new(cut.published_on, cut.period),
        totals: Vec::new(),
        partners: 0,
        lines: 0,
    };
    let mut waiting: BTreeMap<u64, Vec<PartnerPart>> = BTreeMap::new();
    let mut next = 0u64;
    for (n, parts) in derived {
        waiting.insert(n, parts);
        while let Some(parts) = waiting.remove(&next) {
            for part in parts {
                hashed.digest.rows_text(&part.text);
                hashed.partners += 1;
                hashed.lines += part.rows;
                hashed.totals.extend(part.totals);
            }
            next += 1;
        }
    }
    if !waiting.is_empty() {
        return Err(StoreError::internal(
            "a publication worker stopped before its chunk was hashed",
        ));
    }
    Ok(hashed)
}
