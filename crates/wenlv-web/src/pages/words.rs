//! The domain's words for people: category, theme and season-line names in zh and en.

use super::Lang;
use wenlv_domain::{Category, ProductLine, RouteSeason, Theme};

pub fn category(c: Category, l: Lang) -> &'static str {
    let (zh, en) = match c {
        Category::ScenicSpot => ("景区", "Scenic spot"),
        Category::Museum => ("博物馆", "Museum"),
        Category::Library => ("图书馆", "Library"),
        Category::CulturalCentre => ("文化馆", "Cultural centre"),
        Category::ArtGallery => ("美术馆", "Art gallery"),
        Category::Temple => ("寺院", "Temple"),
        Category::Mosque => ("清真寺", "Mosque"),
        Category::Street => ("街区", "Street"),
        Category::Park => ("公园", "Park"),
        Category::Wetland => ("湿地", "Wetland"),
        Category::Food => ("美食", "Food"),
        Category::Memorial => ("纪念馆", "Memorial"),
        Category::Ski => ("滑雪场", "Ski area"),
        Category::ThemePark => ("主题乐园", "Theme park"),
        Category::HeritageTown => ("古镇古城", "Heritage town"),
        Category::Mountain => ("山岳", "Mountain"),
        Category::Other => ("其他", "Other"),
    };
    l.t(zh, en)
}

pub fn theme(t: Theme, l: Lang) -> &'static str {
    let (zh, en) = match t {
        Theme::RedCulture => ("红色文化", "Red culture"),
        Theme::OldTown => ("老城老街", "Old town and old streets"),
        Theme::FamilyStudy => ("亲子研学", "Parent–child study"),
        Theme::Rural => ("乡村体验", "Rural experience"),
        Theme::WellnessEco => ("康养生态", "Wellness and ecology"),
        Theme::Food => ("青海美食", "Qinghai food"),
        Theme::CityPark => ("城市公园", "City parks"),
        Theme::Heritage => ("历史文化", "History and heritage"),
        Theme::Religion => ("宗教文化", "Religious culture"),
        Theme::SnowIce => ("冰雪体验", "Ice and snow"),
    };
    l.t(zh, en)
}

pub fn line(p: ProductLine, l: Lang) -> &'static str {
    match p {
        ProductLine::WinterSpring => l.t("冬春季", "Winter–spring"),
        ProductLine::SummerAutumn => l.t("夏秋季", "Summer–autumn"),
    }
}

pub fn route_season(s: RouteSeason, l: Lang) -> &'static str {
    match s {
        RouteSeason::WinterSpring => l.t("冬春季", "Winter–spring"),
        RouteSeason::SummerAutumn => l.t("夏秋季", "Summer–autumn"),
        RouteSeason::AllYear => l.t("全年", "All year"),
    }
}

/// The id of a route season as in the API (`winter_spring`).
pub fn route_season_id(s: RouteSeason) -> &'static str {
    match s {
        RouteSeason::WinterSpring => "winter_spring",
        RouteSeason::SummerAutumn => "summer_autumn",
        RouteSeason::AllYear => "all_year",
    }
}

/// Whether a route of season `s` is offered in product line `p`.
pub fn route_in_line(s: RouteSeason, p: ProductLine) -> bool {
    matches!(
        (s, p),
        (RouteSeason::AllYear, _)
            | (RouteSeason::WinterSpring, ProductLine::WinterSpring)
            | (RouteSeason::SummerAutumn, ProductLine::SummerAutumn)
    )
}

pub fn a_level(level: u8, l: Lang) -> String {
    if level == 0 {
        String::new()
    } else {
        format!("{level}A{}", l.t("级", ""))
    }
}

pub fn weekday(d: jiff::civil::Date, l: Lang) -> &'static str {
    use jiff::civil::Weekday::*;
    let (zh, en) = match d.weekday() {
        Monday => ("周一", "Mon"),
        Tuesday => ("周二", "Tue"),
        Wednesday => ("周三", "Wed"),
        Thursday => ("周四", "Thu"),
        Friday => ("周五", "Fri"),
        Saturday => ("周六", "Sat"),
        Sunday => ("周日", "Sun"),
    };
    l.t(zh, en)
}
