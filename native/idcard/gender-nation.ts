/**
 * Code tables stored on the card: GB/T 2261.1 sex codes and GB/T 3304 nation (ethnic group) codes.
 */

export type Gender = 'male' | 'female' | 'unknown';

/** GB/T 2261.1: 0 not known, 1 male, 2 female, 9 not stated. 0 and 9 both read as 'unknown'. */
export function genderFromCode(code: string): Gender | undefined {
  switch (code) {
    case '1':
      return 'male';
    case '2':
      return 'female';
    case '0':
    case '9':
      return 'unknown';
    default:
      return undefined;
  }
}

export function genderToCode(gender: Gender): string {
  return gender === 'male' ? '1' : gender === 'female' ? '2' : '0';
}

export interface Nation {
  code: string;
  name: string;
  /** Romanised name as given in GB/T 3304. */
  roman: string;
}

export const nations: readonly Nation[] = [
  { code: '01', name: '汉', roman: 'Han' },
  { code: '02', name: '蒙古', roman: 'Mongol' },
  { code: '03', name: '回', roman: 'Hui' },
  { code: '04', name: '藏', roman: 'Zang' },
  { code: '05', name: '维吾尔', roman: 'Uygur' },
  { code: '06', name: '苗', roman: 'Miao' },
  { code: '07', name: '彝', roman: 'Yi' },
  { code: '08', name: '壮', roman: 'Zhuang' },
  { code: '09', name: '布依', roman: 'Buyei' },
  { code: '10', name: '朝鲜', roman: 'Chosen' },
  { code: '11', name: '满', roman: 'Man' },
  { code: '12', name: '侗', roman: 'Dong' },
  { code: '13', name: '瑶', roman: 'Yao' },
  { code: '14', name: '白', roman: 'Bai' },
  { code: '15', name: '土家', roman: 'Tujia' },
  { code: '16', name: '哈尼', roman: 'Hani' },
  { code: '17', name: '哈萨克', roman: 'Kazak' },
  { code: '18', name: '傣', roman: 'Dai' },
  { code: '19', name: '黎', roman: 'Li' },
  { code: '20', name: '傈僳', roman: 'Lisu' },
  { code: '21', name: '佤', roman: 'Va' },
  { code: '22', name: '畲', roman: 'She' },
  { code: '23', name: '高山', roman: 'Gaoshan' },
  { code: '24', name: '拉祜', roman: 'Lahu' },
  { code: '25', name: '水', roman: 'Sui' },
  { code: '26', name: '东乡', roman: 'Dongxiang' },
  { code: '27', name: '纳西', roman: 'Naxi' },
  { code: '28', name: '景颇', roman: 'Jingpo' },
  { code: '29', name: '柯尔克孜', roman: 'Kirgiz' },
  { code: '30', name: '土', roman: 'Tu' },
  { code: '31', name: '达斡尔', roman: 'Daur' },
  { code: '32', name: '仫佬', roman: 'Mulao' },
  { code: '33', name: '羌', roman: 'Qiang' },
  { code: '34', name: '布朗', roman: 'Blang' },
  { code: '35', name: '撒拉', roman: 'Salar' },
  { code: '36', name: '毛南', roman: 'Maonan' },
  { code: '37', name: '仡佬', roman: 'Gelao' },
  { code: '38', name: '锡伯', roman: 'Xibe' },
  { code: '39', name: '阿昌', roman: 'Achang' },
  { code: '40', name: '普米', roman: 'Pumi' },
  { code: '41', name: '塔吉克', roman: 'Tajik' },
  { code: '42', name: '怒', roman: 'Nu' },
  { code: '43', name: '乌孜别克', roman: 'Uzbek' },
  { code: '44', name: '俄罗斯', roman: 'Russ' },
  { code: '45', name: '鄂温克', roman: 'Ewenki' },
  { code: '46', name: '德昂', roman: 'Deang' },
  { code: '47', name: '保安', roman: 'Bonan' },
  { code: '48', name: '裕固', roman: 'Yugur' },
  { code: '49', name: '京', roman: 'Gin' },
  { code: '50', name: '塔塔尔', roman: 'Tatar' },
  { code: '51', name: '独龙', roman: 'Derung' },
  { code: '52', name: '鄂伦春', roman: 'Oroqen' },
  { code: '53', name: '赫哲', roman: 'Hezhen' },
  { code: '54', name: '门巴', roman: 'Monba' },
  { code: '55', name: '珞巴', roman: 'Lhoba' },
  { code: '56', name: '基诺', roman: 'Jino' },
  { code: '97', name: '其他', roman: 'Other' },
  { code: '98', name: '外国血统中国籍人士', roman: 'Naturalised citizen of foreign origin' },
];

const byCode = new Map(nations.map((n) => [n.code, n]));
const byName = new Map(nations.map((n) => [n.name, n]));

export function nationFromCode(code: string): Nation | undefined {
  return byCode.get(code);
}

export function nationFromName(name: string): Nation | undefined {
  return byName.get(name);
}
