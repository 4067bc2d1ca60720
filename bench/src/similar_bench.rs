//! "Find more like these" (`groundwork similar`): quality on real human-coded data, and speed.
//!
//! **Quality.** Real Jira stories (`../shared/data/tickets/storypoint-jira/*.csv`), the project
//! each was filed in being the human's code, in families of related projects that share a product
//! vocabulary (Appcelerator Studio / Aptana Studio / Titanium; Talend ESB / Talend Data Quality;
//! Mule / Mule Studio). A passage is a story's title and description (markup stripped). For every
//! project, `draws` times: 3 of its stories drawn with a fixed seed are the seeds; every other
//! story of the family is ranked; average precision of that ranking counts the project's stories
//! as relevant. Mean average precision (MAP) over draws and projects, for Groundwork's model
//! (`groundwork::search::similar::Model`) and for a TF-IDF centroid baseline over the same texts
//! (its own tokenizer; every configuration in [`BASELINES`] is run and the best is the baseline),
//! side by side.
//!
//! **Speed.** A generated export imported into a workspace; 10 codes with 3 passages each; the
//! first `similar` call (cutting every document into passages and learning the model) timed
//! alone, then `rounds` calls rotating over the codes, p50/p95.

use crate::generate;
use crate::phases::BoxResult;
use crate::rng::Rng;
use groundwork::research::highlights::HighlightInput;
use groundwork::search::similar::{self, Builder, Settings, SimilarRequest};
use groundwork::Workspace;
use std::collections::{HashMap, HashSet};
use std::io::BufWriter;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

/// What `groundwork-bench similar` runs.
pub struct Options {
    /// The shared data folder (holding `tickets/storypoint-jira`).
    pub data: PathBuf,
    /// Seed draws per project.
    pub draws: u32,
    /// Seed of the draws.
    pub seed: u64,
    /// Tickets generated for the speed measurement (0: skip it).
    pub tickets: u64,
    /// Timed calls after the first.
    pub rounds: u32,
    /// Also rank with other settings of Groundwork's model (diagnostics).
    pub sweep: bool,
    /// Print JSON.
    pub json: bool,
}

/// Families of related projects: each family is one ranking pool.
const FAMILIES: &[&[&str]] = &[
    &["appceleratorstudio", "aptanastudio", "titanium"],
    &["talendesb", "talenddataquality"],
    &["mule", "mulestudio"],
];

/// Seeds per draw.
const SEEDS: usize = 3;

/// A TF-IDF centroid configuration: (name, sublinear tf, idf, English stopwords removed).
const BASELINES: &[(&str, bool, bool, bool)] = &[
    ("tf-idf sublinear, stopwords", true, true, true),
    ("tf-idf sublinear", true, true, false),
    ("tf-idf raw tf, stopwords", false, true, true),
    ("tf-idf raw tf", false, true, false),
    ("tf sublinear, no idf, stopwords", true, false, true),
];

/// A short English stoplist of the baseline's own.
const BASELINE_STOP: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "if",
    "in", "into", "is", "it", "its", "no", "not", "of", "on", "or", "so", "such", "that", "the",
    "their", "then", "there", "these", "they", "this", "to", "was", "we", "will", "with", "can",
    "should", "would", "when", "which", "i", "you", "do", "does", "all", "also", "been", "more",
];

struct Story {
    project: usize,
    text: String,
}

/// Markup out: `{html}`, tags, entities, Jira's `{code}` markers.
fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("{html}", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&nbsp;", " ")
        .replace("&#39;", "'")
}

fn read_family(data: &std::path::Path, family: &[&str]) -> BoxResult<Vec<Story>> {
    let mut out = Vec::new();
    for (p, name) in family.iter().enumerate() {
        let path = data.join(format!("tickets/storypoint-jira/{name}.csv"));
        let mut r = csv::Reader::from_path(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let headers = r.headers()?.clone();
        let col = |n: &str| headers.iter().position(|h| h == n);
        let (Some(t), Some(d)) = (col("title"), col("description")) else {
            return Err(format!("{}: no title/description columns", path.display()).into());
        };
        for row in r.records() {
            let row = row?;
            let text = format!(
                "{}.\n\n{}",
                row.get(t).unwrap_or("").trim(),
                clean(row.get(d).unwrap_or(""))
            );
            out.push(Story { project: p, text });
        }
    }
    Ok(out)
}

/// Average precision of `ranking` (passage numbers, best first) for the relevant set.
fn average_precision(ranking: &[usize], relevant: &dyn Fn(usize) -> bool, total: usize) -> f64 {
    if total == 0 {
        return 0.0;
    }
    let (mut hits, mut sum) = (0usize, 0f64);
    for (i, &p) in ranking.iter().enumerate() {
        if relevant(p) {
            hits += 1;
            sum += hits as f64 / (i + 1) as f64;
        }
    }
    sum / total as f64
}

/// The baseline: each text a TF-IDF vector, the seeds' centroid, cosine.
struct Baseline {
    vectors: Vec<HashMap<u32, f32>>,
}

impl Baseline {
    fn new(texts: &[&str], sublinear: bool, use_idf: bool, stop: bool) -> Self {
        let stoplist: HashSet<&str> = if stop {
            BASELINE_STOP.iter().copied().collect()
        } else {
            HashSet::new()
        };
        let mut vocab: HashMap<String, u32> = HashMap::new();
        let mut counts: Vec<HashMap<u32, f32>> = Vec::with_capacity(texts.len());
        let mut df: Vec<u32> = Vec::new();
        for t in texts {
            let mut c: HashMap<u32, f32> = HashMap::new();
            for w in t
                .split(|ch: char| !ch.is_alphanumeric())
                .filter(|w| w.chars().count() >= 2)
            {
                let w = w.to_lowercase();
                if stoplist.contains(w.as_str()) {
                    continue;
                }
                let next = vocab.len() as u32;
                let id = *vocab.entry(w).or_insert(next);
                if id as usize == df.len() {
                    df.push(0);
                }
                *c.entry(id).or_default() += 1.0;
            }
            for &id in c.keys() {
                df[id as usize] += 1;
            }
            counts.push(c);
        }
        let n = texts.len() as f32;
        let vectors = counts
            .into_iter()
            .map(|c| {
                let mut v: HashMap<u32, f32> = c
                    .into_iter()
                    .map(|(t, tf)| {
                        let tf = if sublinear { 1.0 + tf.ln() } else { tf };
                        let idf = if use_idf {
                            ((1.0 + n) / (1.0 + df[t as usize] as f32)).ln() + 1.0
                        } else {
                            1.0
                        };
                        (t, tf * idf)
                    })
                    .collect();
                let norm = v.values().map(|x| x * x).sum::<f32>().sqrt();
                if norm > 0.0 {
                    v.values_mut().for_each(|x| *x /= norm);
                }
                v
            })
            .collect();
        Baseline { vectors }
    }

    fn rank(&self, seeds: &[usize]) -> Vec<usize> {
        let mut q: HashMap<u32, f32> = HashMap::new();
        for &s in seeds {
            for (&t, &w) in &self.vectors[s] {
                *q.entry(t).or_default() += w;
            }
        }
        let mut scored: Vec<(usize, f32)> = self
            .vectors
            .iter()
            .enumerate()
            .filter(|(i, _)| !seeds.contains(i))
            .map(|(i, v)| {
                let dot: f32 = q.iter().filter_map(|(t, w)| v.get(t).map(|x| x * w)).sum();
                (i, dot)
            })
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored.into_iter().map(|(i, _)| i).collect()
    }
}

/// Per family, the seed draws: (project, seed stories).
fn draws(stories: &[Story], projects: usize, per: u32, seed: u64) -> Vec<(usize, Vec<usize>)> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::new();
    for p in 0..projects {
        let members: Vec<usize> = (0..stories.len())
            .filter(|&i| stories[i].project == p)
            .collect();
        if members.len() <= SEEDS {
            continue;
        }
        for _ in 0..per {
            let mut pick: Vec<usize> = Vec::new();
            while pick.len() < SEEDS {
                let s = members[rng.below(members.len() as u64) as usize];
                if !pick.contains(&s) {
                    pick.push(s);
                }
            }
            out.push((p, pick));
        }
    }
    out
}

struct Quality {
    family: String,
    stories: usize,
    ours: f64,
    baselines: Vec<(String, f64)>,
    sweep: Vec<(String, f64)>,
}

fn map_of(
    stories: &[Story],
    draws: &[(usize, Vec<usize>)],
    rank: &dyn Fn(&[usize]) -> Vec<usize>,
) -> f64 {
    let mut sum = 0.0;
    for (p, seeds) in draws {
        let ranking = rank(seeds);
        let total = stories
            .iter()
            .enumerate()
            .filter(|(i, s)| s.project == *p && !seeds.contains(i))
            .count();
        sum += average_precision(&ranking, &|i| stories[i].project == *p, total);
    }
    sum / draws.len().max(1) as f64
}

fn ours_rank(model: &similar::Model, stories: &[Story], seeds: &[usize]) -> Vec<usize> {
    let texts: Vec<&str> = seeds.iter().map(|&s| stories[s].text.as_str()).collect();
    model
        .rank(&texts, &|i| seeds.contains(&i), stories.len())
        .into_iter()
        .map(|(i, _)| i)
        .collect()
}

fn quality(o: &Options, family: &[&str], index: usize) -> BoxResult<Quality> {
    let stories = read_family(&o.data, family)?;
    let texts: Vec<&str> = stories.iter().map(|s| s.text.as_str()).collect();
    let draws = draws(&stories, family.len(), o.draws, o.seed + index as u64);
    let build = |settings: Settings| -> BoxResult<similar::Model> {
        let mut b = Builder::new();
        for t in &texts {
            b.add(t);
        }
        Ok(b.finish(settings, None)?)
    };
    let mut model = build(Settings::default())?;
    let ours = map_of(&stories, &draws, &|s| ours_rank(&model, &stories, s));
    let mut baselines = Vec::new();
    for &(name, sublinear, idf, stop) in BASELINES {
        let b = Baseline::new(&texts, sublinear, idf, stop);
        baselines.push((name.to_string(), map_of(&stories, &draws, &|s| b.rank(s))));
    }
    let mut sweep = Vec::new();
    if o.sweep {
        let d = Settings::default();
        for (blend, fb, fw, rounds) in [
            (0.0, 0, 0.0, 0),
            (0.0, d.feedback, d.feedback_weight, 1),
            (d.blend, 0, 0.0, 0),
            (0.3, d.feedback, d.feedback_weight, 1),
            (0.7, d.feedback, d.feedback_weight, 1),
            (d.blend, 30, d.feedback_weight, 1),
            (d.blend, 50, d.feedback_weight, 1),
            (d.blend, 100, d.feedback_weight, 1),
            (d.blend, 30, d.feedback_weight, 2),
            (d.blend, 50, d.feedback_weight, 3),
            (d.blend, 100, 1.0, 3),
            (0.7, 50, 1.0, 3),
        ] {
            model.set_ranking(blend, fb, fw, rounds);
            sweep.push((
                format!("blend {blend}, feedback {fb} × {fw}, {rounds} rounds"),
                map_of(&stories, &draws, &|s| ours_rank(&model, &stories, s)),
            ));
        }
        model.set_ranking(d.blend, d.feedback, d.feedback_weight, d.feedback_rounds);
        for weight in [0.0, 0.5, 1.0] {
            model.set_graph_weight(weight);
            sweep.push((
                format!("graph weight {weight}"),
                map_of(&stories, &draws, &|s| ours_rank(&model, &stories, s)),
            ));
        }
        model.set_graph_weight(d.graph_weight);
        for (neighbours, spread_steps) in [(10, 10), (6, 6), (20, 10)] {
            let m = build(Settings {
                neighbours,
                spread_steps,
                ..d
            })?;
            sweep.push((
                format!("graph of {neighbours} neighbours, {spread_steps} steps"),
                map_of(&stories, &draws, &|s| ours_rank(&m, &stories, s)),
            ));
        }
        for (dims, window, idf_power) in [
            (256, d.window, d.idf_power),
            (d.dims, 8, d.idf_power),
            (d.dims, 1000, d.idf_power),
            (256, 1000, d.idf_power),
            (d.dims, d.window, 0.5),
        ] {
            let m = build(Settings {
                dims,
                window,
                idf_power,
                ..d
            })?;
            sweep.push((
                format!("dims {dims}, window {window}, idf^{idf_power}"),
                map_of(&stories, &draws, &|s| ours_rank(&m, &stories, s)),
            ));
        }
    }
    Ok(Quality {
        family: family.join(" / "),
        stories: stories.len(),
        ours,
        baselines,
        sweep,
    })
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

struct Speed {
    documents: u64,
    passages: u64,
    first_ms: f64,
    p50_ms: f64,
    p95_ms: f64,
    calls: usize,
    accept_p50_ms: f64,
    accept_p95_ms: f64,
}

fn speed(o: &Options) -> BoxResult<Speed> {
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("export.csv");
    generate::generate(
        o.tickets,
        o.seed,
        BufWriter::new(std::fs::File::create(&file)?),
    )?;
    let ws = Workspace::open(dir.path().join("ws"))?;
    let report = ws.import(
        &file,
        &Default::default(),
        &mut |_| {},
        &AtomicBool::new(false),
    )?;
    // Ten codes, each with 3 passages of 3 documents spread over the workspace.
    let mut rng = Rng::new(o.seed);
    let docs = report.imported.max(1);
    let mut codes = Vec::new();
    for c in 0..10 {
        let code = format!("Bench/Code {c}");
        let mut coded = 0;
        while coded < SEEDS {
            let id = 1 + rng.below(docs) as i64;
            let text = groundwork::research::documents::bodies(ws.conn(), &[id])?;
            let Some((_, body)) = text.get(&id) else {
                continue;
            };
            let Some(&(s, e)) = similar::segment(body).first() else {
                continue;
            };
            ws.code_passage(&HighlightInput {
                document: id,
                start: Some(s),
                end: Some(e),
                codes: vec![code.clone()],
                ..Default::default()
            })?;
            coded += 1;
        }
        codes.push(code);
    }
    let request = |i: usize| SimilarRequest {
        code: Some(codes[i % codes.len()].clone()),
        passages: Vec::new(),
        limit: Some(20),
    };
    let t = Instant::now();
    let first = ws.similar(&request(0), None)?;
    let first_ms = t.elapsed().as_secs_f64() * 1000.0;
    let mut times = Vec::with_capacity(o.rounds as usize);
    for i in 0..o.rounds as usize {
        let t = Instant::now();
        let r = ws.similar(&request(i + 1), None)?;
        times.push(t.elapsed());
        if r.hits.is_empty() {
            return Err("a similar call found nothing".into());
        }
    }
    times.sort();
    // Accepting suggestions one by one: code the best hit, ask again.
    let mut accepting = Vec::new();
    for i in 0..20 {
        let req = request(i);
        let best = ws.similar(&req, None)?.hits.into_iter().next();
        let Some(best) = best else { break };
        ws.code_passage(&HighlightInput {
            document: best.document,
            start: Some(best.start),
            end: Some(best.end),
            codes: vec![req.code.clone().unwrap_or_default()],
            ..Default::default()
        })?;
        let t = Instant::now();
        ws.similar(&req, None)?;
        accepting.push(t.elapsed());
    }
    accepting.sort();
    Ok(Speed {
        accept_p50_ms: percentile(&accepting, 0.5),
        accept_p95_ms: percentile(&accepting, 0.95),
        documents: report.imported,
        passages: first.passages,
        first_ms,
        p50_ms: percentile(&times, 0.5),
        p95_ms: percentile(&times, 0.95),
        calls: times.len(),
    })
}

/// Runs the benchmark and prints the figures.
pub fn run(o: &Options) -> BoxResult<()> {
    if !o.data.join("tickets/storypoint-jira").is_dir() {
        return Err(format!(
            "{} has no tickets/storypoint-jira: pass --data with the shared data folder",
            o.data.display()
        )
        .into());
    }
    let mut families = Vec::new();
    for (i, f) in FAMILIES.iter().enumerate() {
        families.push(quality(o, f, i)?);
    }
    let n = families.len() as f64;
    let ours = families.iter().map(|q| q.ours).sum::<f64>() / n;
    let baseline_means: Vec<(String, f64)> = BASELINES
        .iter()
        .enumerate()
        .map(|(i, (name, ..))| {
            (
                name.to_string(),
                families.iter().map(|q| q.baselines[i].1).sum::<f64>() / n,
            )
        })
        .collect();
    let (best_name, best) = baseline_means
        .iter()
        .cloned()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap_or_default();
    let speed = if o.tickets > 0 { Some(speed(o)?) } else { None };
    if o.json {
        let fam: Vec<_> = families
            .iter()
            .map(|q| {
                serde_json::json!({
                    "family": q.family, "stories": q.stories, "ours": q.ours,
                    "baselines": q.baselines.iter().map(|(n, m)| serde_json::json!({"name": n, "map": m})).collect::<Vec<_>>(),
                    "sweep": q.sweep.iter().map(|(n, m)| serde_json::json!({"name": n, "map": m})).collect::<Vec<_>>(),
                })
            })
            .collect();
        let out = serde_json::json!({
            "quality": {
                "draws_per_project": o.draws, "seeds": SEEDS,
                "ours_map": ours, "baseline": best_name, "baseline_map": best,
                "ratio": ours / best, "families": fam,
            },
            "speed": speed.as_ref().map(|s| serde_json::json!({
                "documents": s.documents, "passages": s.passages, "first_ms": s.first_ms,
                "p50_ms": s.p50_ms, "p95_ms": s.p95_ms, "calls": s.calls,
                "after_accept_p50_ms": s.accept_p50_ms, "after_accept_p95_ms": s.accept_p95_ms,
            })),
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    println!(
        "similar: quality on real Jira stories (project = human code), {SEEDS} seeds, {} draws per project",
        o.draws
    );
    for q in &families {
        println!("  {} ({} stories)", q.family, q.stories);
        println!("    {:<40} MAP {:.4}", "groundwork similar", q.ours);
        for (name, m) in &q.baselines {
            println!("    {:<40} MAP {m:.4}", format!("baseline {name}"));
        }
        for (name, m) in &q.sweep {
            println!("    {:<40} MAP {m:.4}", format!("(sweep) {name}"));
        }
    }
    println!("  mean over families:");
    println!("    groundwork similar                      MAP {ours:.4}");
    for (name, m) in &baseline_means {
        println!("    {:<40} MAP {m:.4}", format!("baseline {name}"));
    }
    println!(
        "  ratio to the best baseline ({best_name}): {:.3} (target ≥ 1.25)",
        ours / best
    );
    if let Some(s) = speed {
        println!(
            "similar: speed over {} passages of {} generated tickets: first call {:.0} ms; then p50 {:.1} ms, p95 {:.1} ms over {} calls (target p95 ≤ 100 ms)",
            s.passages, s.documents, s.first_ms, s.p50_ms, s.p95_ms, s.calls
        );
        println!(
            "similar: right after coding the best hit (accepting one by one): p50 {:.1} ms, p95 {:.1} ms",
            s.accept_p50_ms, s.accept_p95_ms
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn average_precision_counts_each_relevant_hit_at_its_rank() {
        let relevant = |i: usize| i.is_multiple_of(2);
        // Relevant at ranks 1 and 3 of 2 relevant: (1/1 + 2/3) / 2.
        let ap = average_precision(&[0, 1, 2, 3], &relevant, 2);
        assert!((ap - (1.0 + 2.0 / 3.0) / 2.0).abs() < 1e-9);
        assert_eq!(average_precision(&[0, 2, 1, 3], &relevant, 2), 1.0);
        // A relevant passage never ranked counts as missed.
        assert!((average_precision(&[0, 1], &relevant, 2) - 0.5).abs() < 1e-9);
    }

    #[test]
    fn markup_is_stripped_from_descriptions() {
        assert_eq!(
            clean("{html}<div><p>a &lt;b&gt; c</p></div>{html}")
                .split_whitespace()
                .collect::<Vec<_>>(),
            ["a", "<b>", "c"]
        );
    }

    #[test]
    fn the_baseline_ranks_the_story_sharing_words_first() {
        let texts = [
            "slow ci pipeline",
            "coffee machine",
            "ci pipeline slow again",
            "lunch",
        ];
        let b = Baseline::new(&texts, true, true, true);
        assert_eq!(b.rank(&[0])[0], 2);
    }
}
